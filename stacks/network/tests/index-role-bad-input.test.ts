import { MockHarness, runProgram, setupMocks } from "@fin/testing";
import { STACK_OUTPUTS, devConfig } from "./fixtures";

let harness: MockHarness;

beforeAll(async () => {
  delete process.env.ENVIRONMENT_SUFFIX;
  harness = await setupMocks({
    project: "fin-network",
    stack: "dev",
    config: devConfig({ "fin-network:profile": "cheap", "fin-network:sharedNetworkStack": "org/pr-shared" }),
    stackOutputs: STACK_OUTPUTS,
  });
});

describe("fin-network program with a bad profile and sharedNetworkStack on a production stack", () => {
  it("stops with one error listing each problem (key, value, rule) before declaring anything", async () => {
    // Loaded the way Pulumi loads `main`, after the mocks are installed (an import would be hoisted).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await expect(runProgram(() => require("../index"))).rejects.toThrow(
      [
        "fin-network/dev config has 3 issues:",
        '  - profile "cheap" is invalid: must be one of production, ephemeral, or "" to choose by stack name (pr-<n>: ephemeral, any other stack: production)',
        '  - sharedNetworkStack "org/pr-shared" is invalid: must be a Pulumi stack name (letters, digits, "_", "." and "-", 1 to 100 characters), or "" for pr-shared',
        '  - sharedNetworkStack "org/pr-shared" is invalid: must be "" for stack dev, whose profile is production: a production environment keeps its own VPC and endpoints; only ephemeral environments share one (ADR 0019)',
      ].join("\n"),
    );
    expect(harness.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
