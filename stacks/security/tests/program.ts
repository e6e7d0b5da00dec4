import * as path from "node:path";
import { MockHarness, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";

export const STACK_DIR = path.join(__dirname, "..");

/**
 * Runs this stack's program under mocks with its real stack config, as `pulumi up -s <stack>` would;
 * `overrides` are stack-file entries on top (an ephemeral stack's `environmentSuffix: ""`).
 */
export async function runSecurity(
  stack = "dev",
  env: Record<string, string | undefined> = {},
  overrides: Record<string, unknown> = {},
): Promise<{ harness: MockHarness; outputs: Record<string, unknown> }> {
  const harness = await setupMocks({ project: "fin-security", stack, config: resolveStackConfig(STACK_DIR, stack, overrides) });
  const saved = process.env["ENVIRONMENT_SUFFIX"];
  if (env["ENVIRONMENT_SUFFIX"] === undefined) {
    delete process.env["ENVIRONMENT_SUFFIX"];
  } else {
    process.env["ENVIRONMENT_SUFFIX"] = env["ENVIRONMENT_SUFFIX"];
  }
  try {
    const outputs = await runProgram(() => {
      let exports: unknown;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the entry point as Pulumi does
        exports = require("../index");
      });
      return exports;
    });
    return { harness, outputs };
  } finally {
    if (saved === undefined) {
      delete process.env["ENVIRONMENT_SUFFIX"];
    } else {
      process.env["ENVIRONMENT_SUFFIX"] = saved;
    }
  }
}
