import { MockHarness, runProgram, setupMocks } from "@fin/testing";
import { STACK_OUTPUTS, devConfig } from "./fixtures";

let harness: MockHarness;

beforeAll(async () => {
  delete process.env.ENVIRONMENT_SUFFIX;
  harness = await setupMocks({
    project: "fin-network",
    stack: "dev",
    config: devConfig({ "fin-network:vpcCidr": "10.0.0.0/8" }),
    stackOutputs: STACK_OUTPUTS,
  });
});

describe("fin-network program with a VPC CIDR too large for a VPC", () => {
  it("stops with one error naming the key, the value and the rule, before declaring anything", async () => {
    // Loaded the way Pulumi loads `main`, after the mocks are installed (an import would be hoisted).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await expect(runProgram(() => require("../index"))).rejects.toThrow(
      'fin-network/dev config has 1 issue:\n  - vpcCidr "10.0.0.0/8" is invalid: must be a /16 to /23: it is split into 16 blocks of /(prefix+4) for the 6 subnets, an ALB subnet must be a /27 or larger, and AWS VPCs are /16 at the largest',
    );
    expect(harness.awsResources()).toEqual([]);
    expect(harness.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
