// The first `up` of an environment: the layer has just created its ECR repository, so it holds no
// image. The service must then be declared with 0 tasks (and prod must not wait for a steady state),
// and the outputs must say what it waits for. ADR 0013.
import { ECR_IMAGES_INVOKE, MockHarness, TEST_ACCOUNT_ID, ecrImagesInvoke, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { STACK_DIR, STACK_OUTPUTS, json } from "./fixtures";

const CERT = "arn:aws:acm:us-east-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const prodOutputs = Object.fromEntries(Object.entries(STACK_OUTPUTS).map(([ref, outputs]) => [ref.replace(/\/dev$/, "/prod"), outputs]));
const REPO = `${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/api-prod`;
const OTHER_DIGEST = `sha256:${"1".repeat(64)}`;

let mocks: MockHarness;
let outputs: Record<string, unknown>;

beforeAll(async () => {
  mocks = await setupMocks({
    project: "fin-compute",
    stack: "prod",
    config: resolveStackConfig(STACK_DIR, "prod", { "fin-compute:certificateArn": CERT, "fin-compute:imageTag": "1.2.0" }),
    stackOutputs: prodOutputs,
    // An untagged image and another tag are there, but not 1.2.0.
    invokes: { [ECR_IMAGES_INVOKE]: ecrImagesInvoke([{ digest: OTHER_DIGEST, tags: ["1.1.0"] }, { digest: `sha256:${"2".repeat(64)}` }]) },
  });
  outputs = await runProgram(() => jest.requireActual("../index"));
});

describe("fin-compute program (prod, first deploy: the configured tag is not in the repository)", () => {
  it("creates the service with 0 tasks and does not wait for a steady state it cannot reach", () => {
    expect(mocks.one("aws:ecs/service:Service", "api").inputs).toMatchObject({ name: "api-service-prod", desiredCount: 0, waitForSteadyState: false });
  });

  it("lets autoscaling go down to 0 until the image is there, keeping the configured maximum", () => {
    expect(mocks.one("aws:appautoscaling/target:Target", "api").inputs).toMatchObject({ minCapacity: 0, maxCapacity: 12 });
  });

  it("keeps the configured tag in the task definition (nothing pulls it with 0 tasks)", () => {
    const [container] = json(mocks.one("aws:ecs/taskDefinition:TaskDefinition", "api").inputs.containerDefinitions);
    expect(container.image).toBe(`${REPO}:1.2.0`);
  });

  it("says in its outputs what it waits for", () => {
    expect((outputs.services as any).api.imageReference).toBe(`${REPO}:1.2.0`);
    expect((outputs.services as any).api.imageStatus).toBe(`waiting for image ${REPO}:1.2.0, 0 tasks: push it, then release it (docs/deploy.md, "First deployment")`);
  });
});
