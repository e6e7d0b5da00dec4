import * as pulumi from "@pulumi/pulumi";
import { ECR_IMAGES_INVOKE, MockHarness, TEST_ACCOUNT_ID, ecrImagesInvoke, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { STACK_DIR, STACK_OUTPUTS, json } from "./fixtures";

const CERT = "arn:aws:acm:us-east-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const DIGEST = `sha256:${"0f".repeat(32)}`;
// A shell-less probe binary shipped in the image, run in CMD (exec) form.
const PROBE = ["/app/healthcheck", "--port", "8080"];
const prodOutputs = Object.fromEntries(Object.entries(STACK_OUTPUTS).map(([ref, outputs]) => [ref.replace(/\/dev$/, "/prod"), outputs]));

let mocks: MockHarness;
let warn: jest.SpyInstance;

beforeAll(async () => {
  mocks = await setupMocks({
    project: "fin-compute",
    stack: "prod",
    config: resolveStackConfig(STACK_DIR, "prod", {
      "fin-compute:certificateArn": CERT,
      // Only api is pinned; the others run imageTag (1.0.0), which this repository stand-in lacks.
      "fin-compute:imageTags": { api: DIGEST },
      "fin-compute:containerHealthCheckCommand": PROBE,
      "fin-compute:cpuArchitecture": "ARM64",
    }),
    stackOutputs: prodOutputs,
    // The pinned digest is in the repository (and, as the lifecycle needs, tagged).
    invokes: { [ECR_IMAGES_INVOKE]: ecrImagesInvoke([{ digest: DIGEST, tags: ["2.0.0"] }]) },
  });
  warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  await runProgram(() => jest.requireActual("../index"));
});

describe("fin-compute program (prod, with a certificate, a container health check and ARM64)", () => {
  const listener = (name: string) => mocks.one("aws:lb/listener:Listener", name);

  it("serves HTTPS with the TLS 1.3 policy and the certificate, without a warning", () => {
    expect(listener("platform-https").inputs).toEqual({
      loadBalancerArn: mocks.one("aws:lb/loadBalancer:LoadBalancer").state.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: CERT,
      defaultActions: [{ type: "forward", targetGroupArn: mocks.one("aws:lb/targetGroup:TargetGroup", "api").state.arn }],
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it("only redirects on port 80", () => {
    expect(listener("platform-http").inputs).toEqual({
      loadBalancerArn: mocks.one("aws:lb/loadBalancer:LoadBalancer").state.arn,
      port: 80,
      protocol: "HTTP",
      defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });
    expect(mocks.ofType("aws:lb/listener:Listener")).toHaveLength(2);
  });

  it("makes the service wait for the HTTPS listener (not the redirect), the capacity providers and the policy attachments", () => {
    const dependsOn = mocks.one("aws:ecs/service:Service", "api").dependsOn;
    expect(dependsOn).toContain(listener("platform-https").urn);
    expect(dependsOn).not.toContain(listener("platform-http").urn);
    expect(dependsOn).toContain(mocks.one("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").urn);
    for (const kind of ["execution", "task"]) {
      expect(dependsOn).toContain(mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `api-${kind}`).urn);
    }
  });

  it("keeps an on-demand base of one task, runs more tasks and waits for steady state", () => {
    expect(mocks.one("aws:ecs/service:Service", "api").inputs).toMatchObject({
      name: "api-service-prod",
      desiredCount: 3,
      capacityProviderStrategies: [
        { capacityProvider: "FARGATE", base: 1, weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ],
      waitForSteadyState: true,
    });
    expect(mocks.one("aws:appautoscaling/target:Target", "api").inputs).toMatchObject({ minCapacity: 3, maxCapacity: 12 });
  });

  it("pins api's image by the digest imageTags.api names; a service without an entry runs imageTag", () => {
    const image = (s: string) => json(mocks.one("aws:ecs/taskDefinition:TaskDefinition", s).inputs.containerDefinitions)[0].image;
    expect(image("api")).toBe(`${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/api-prod@${DIGEST}`);
    expect(image("ingest")).toBe(`${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/ingest-prod:1.0.0`);
    // Waiting for its image: 0 tasks, and no steady state to wait for.
    expect(mocks.one("aws:ecs/service:Service", "ingest").inputs).toMatchObject({ desiredCount: 0, waitForSteadyState: false });
  });

  it("runs the configured container health check in CMD form, without a shell", () => {
    const [container] = json(mocks.one("aws:ecs/taskDefinition:TaskDefinition", "api").inputs.containerDefinitions);
    expect(container.healthCheck).toEqual({ command: ["CMD", "/app/healthcheck", "--port", "8080"], interval: 30, timeout: 5, retries: 3, startPeriod: 60 });
  });

  it("runs ARM64 tasks when configured (Fargate Spot supports them on platform 1.4.0, which LATEST is)", () => {
    expect(mocks.one("aws:ecs/taskDefinition:TaskDefinition", "api").inputs.runtimePlatform).toEqual({ cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" });
    expect(mocks.one("aws:ecs/service:Service", "api").inputs.platformVersion).toBe("LATEST");
  });
});
