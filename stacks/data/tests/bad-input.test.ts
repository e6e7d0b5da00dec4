import { runProgram, setupMocks } from "@fin/testing";
import { STACK_OUTPUTS, stackConfig } from "./fixtures";

describe("the fin-data program with bad input", () => {
  it("stops with one clear error before declaring any AWS resource", async () => {
    delete process.env.ENVIRONMENT_SUFFIX;
    const harness = await setupMocks({
      project: "fin-data",
      stack: "dev",
      config: stackConfig("dev", { "fin-data:minCapacity": 8, "fin-data:maxCapacity": 4 }),
      stackOutputs: STACK_OUTPUTS,
    });
    await expect(runProgram(() => jest.requireActual("../index"))).rejects.toThrow(
      "fin-data/dev config has 1 issue:\n  - minCapacity 8 is invalid: must not exceed maxCapacity (4)",
    );
    expect(harness.resources.filter((r) => r.custom)).toEqual([]);
  });
});
