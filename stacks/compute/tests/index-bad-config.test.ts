import { resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { STACK_DIR, STACK_OUTPUTS } from "./fixtures";

describe("fin-compute program with bad input", () => {
  it("stops with one clear error before declaring any resource", async () => {
    const mocks = await setupMocks({
      project: "fin-compute",
      stack: "dev",
      config: resolveStackConfig(STACK_DIR, "dev", { "fin-compute:taskCpu": 2048, "fin-compute:taskMemory": 3072 }),
      stackOutputs: STACK_OUTPUTS,
    });
    await expect(runProgram(() => jest.requireActual("../index"))).rejects.toThrow(
      'fin-compute/dev config has 1 issue:\n  - taskMemory "3072" is invalid: must be at least 4096',
    );
    expect(mocks.awsResources()).toEqual([]);
    expect(mocks.ofType("pulumi:providers:aws")).toEqual([]);
    expect(mocks.ofType("pulumi:pulumi:StackReference")).toEqual([]);
  });
});
