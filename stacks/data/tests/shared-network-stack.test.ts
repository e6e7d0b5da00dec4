import { resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { STACK_DIR } from "./fixtures";

// pr-shared is the network the ephemeral environments share (ADR 0019): security and network only.
describe("fin-data program in the shared network's stack pr-shared", () => {
  it("refuses it with one clear error before declaring any resource or reading any layer", async () => {
    delete process.env.ENVIRONMENT_SUFFIX;
    const harness = await setupMocks({ project: "fin-data", stack: "pr-shared", config: resolveStackConfig(STACK_DIR, "pr-shared") });
    await expect(runProgram(() => jest.requireActual("../index"))).rejects.toThrow(
      "fin-data/pr-shared config has 1 issue:\n" +
        '  - stack "pr-shared" is invalid: has no data layer: it is the network the ephemeral environments share (ADR 0019), made of security and network only; ' +
        "each environment's data runs in its own stack pr-<n> (synth the shared network with npx nx run-many -t synth -p security network --stack=pr-shared)",
    );
    expect(harness.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
