// A catalog other than the default: a public service without grants and a worker nobody calls. What
// changes: no Cloud Map namespace (nothing is called), a task role with no policy, a worker with no
// port, target group, listener rule or inbound rule.
import * as pulumi from "@pulumi/pulumi";
import { MockHarness, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { NETWORK, STACK_DIR, STACK_OUTPUTS, json } from "./fixtures";

let mocks: MockHarness;
let outputs: Record<string, any>;

beforeAll(async () => {
  mocks = await setupMocks({
    project: "fin-compute",
    stack: "dev",
    config: resolveStackConfig(STACK_DIR, "dev", {
      "fin-compute:services": [
        { name: "web", reach: "public", port: 9000, route: { default: true } },
        { name: "sweeper", reach: "worker", grants: ["raw:read"], scaling: { minTasks: 1, maxTasks: 2 } },
      ],
    }),
    stackOutputs: STACK_OUTPUTS,
  });
  jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  outputs = await runProgram(() => jest.requireActual("../index"));
});

describe("fin-compute program (a public service without grants and a worker)", () => {
  it("declares no Cloud Map namespace or service when nothing is called", () => {
    expect(mocks.ofType("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")).toEqual([]);
    expect(mocks.ofType("aws:servicediscovery/service:Service")).toEqual([]);
    expect(mocks.ofType("aws:ecs/service:Service").map((s) => s.inputs.serviceRegistries)).toEqual([undefined, undefined]);
  });

  it("gives a service without grants a task role with no policy at all, tagged with empty grants and calls", () => {
    expect(mocks.one("aws:iam/role:Role", "web-task").inputs.tags).toEqual({ grants: "", calls: "", service: "web" });
    expect(mocks.ofType("aws:iam/policy:Policy").map((p) => p.name)).toEqual(expect.arrayContaining(["web-execution", "sweeper-execution", "sweeper-task"]));
    expect(mocks.ofType("aws:iam/policy:Policy").map((p) => p.name)).not.toContain("web-task");
    expect(mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toHaveLength(3);
  });

  it("runs the worker with no port, no load balancer and nothing allowed in", () => {
    const [container] = json(mocks.one("aws:ecs/taskDefinition:TaskDefinition", "sweeper").inputs.containerDefinitions);
    expect(container.portMappings).toEqual([]);
    expect(Object.fromEntries(container.environment.map((e: any) => [e.name, e.value]))).toEqual({ SERVICE_NAME: "sweeper", RAW_BUCKET: "raw-data-123456789012-dev" });
    const service = mocks.one("aws:ecs/service:Service", "sweeper").inputs;
    expect([service.loadBalancers, service.healthCheckGracePeriodSeconds, service.desiredCount]).toEqual([undefined, undefined, 1]);
    const sg = mocks.one("aws:ec2/securityGroup:SecurityGroup", "sweeper");
    expect(sg.inputs.description).toBe("sweeper tasks: worker; out to the endpoints and S3");
    expect(mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === sg.id)).toEqual([]);
    expect(mocks.ofType("aws:lb/targetGroup:TargetGroup").map((t) => t.name)).toEqual(["web"]);
    expect(mocks.ofType("aws:lb/listenerRule:ListenerRule")).toEqual([]);
  });

  it("routes the listener's default action to web on its port", () => {
    expect(mocks.one("aws:lb/targetGroup:TargetGroup").inputs.port).toBe(9000);
    expect(mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.securityGroupId === NETWORK.albSecurityGroupId).map((r) => r.inputs.fromPort)).toEqual([9000]);
  });

  it("exports the worker with port 0 and no target group", () => {
    expect(outputs.services.sweeper).toMatchObject({ reach: "worker", port: 0, targetGroupArn: "", grants: ["raw:read"], calls: [] });
  });
});
