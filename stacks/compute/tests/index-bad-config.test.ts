import { resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { STACK_DIR, STACK_OUTPUTS } from "./fixtures";

describe("fin-compute program with bad input", () => {
  it("stops with one clear error before declaring any resource", async () => {
    const mocks = await setupMocks({
      project: "fin-compute",
      stack: "dev",
      config: resolveStackConfig(STACK_DIR, "dev", {
        "fin-compute:services": [{ name: "api", reach: "public", port: 8080, route: { default: true }, cpu: 2048, memory: 3072 }],
      }),
      stackOutputs: STACK_OUTPUTS,
    });
    await expect(runProgram(() => jest.requireActual("../index"))).rejects.toThrow(
      "fin-compute/dev config has 1 issue:\n  - services[0] (api).memory 3072 is invalid: must be a whole number of at least 4096 (the requirements' 4 GB)",
    );
    expect(mocks.awsResources()).toEqual([]);
    expect(mocks.ofType("pulumi:providers:aws")).toEqual([]);
    expect(mocks.ofType("pulumi:pulumi:StackReference")).toEqual([]);
  });
});
