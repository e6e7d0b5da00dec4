// Test support: scratch directories that are removed when the test file that made them ends.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The property of a test file's global object that lists the directories `scratchDir` made in it.
 * Every project's Jest runtime (libs/testing/jest/runtime.js) removes them once the file's tests and
 * hooks have ended, pass or fail.
 */
export const SCRATCH_DIRS = "__finScratchDirs";

/** A new empty directory `<os.tmpdir()>/<prefix>XXXXXX`, removed with its contents when the current test file ends. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const global = globalThis as { [SCRATCH_DIRS]?: string[] };
  (global[SCRATCH_DIRS] ??= []).push(dir);
  return dir;
}
