// Scratch directories: made by scratchDir in a test file, removed by the Jest runtime's teardown when
// that file ends (src/scratch.ts, jest/scratch-dirs.js, jest/runtime.js).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SCRATCH_DIRS, scratchDir } from "../src";

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript that jest-runner loads with Node's require */
const scratchDirs = require("../jest/scratch-dirs") as { SCRATCH_DIRS: string; removeScratchDirs: (global: Record<string, unknown>) => void };

const listed = (): string[] => (globalThis as unknown as Record<string, string[] | undefined>)[SCRATCH_DIRS] ?? [];

describe("scratchDir", () => {
  it("makes a new empty directory under the OS temp dir, named by its prefix, and lists it on the test file's global", () => {
    const before = listed().length;

    const first = scratchDir("scratch-test-");
    const second = scratchDir("scratch-test-");

    expect(path.dirname(first)).toBe(os.tmpdir());
    expect(path.basename(first)).toMatch(/^scratch-test-[A-Za-z0-9]{6}$/);
    expect(second).not.toBe(first);
    expect(fs.readdirSync(first)).toEqual([]);
    expect(listed().slice(before)).toEqual([first, second]);
  });

  it("lists them under the key the runtime's teardown reads", () => {
    expect(SCRATCH_DIRS).toBe(scratchDirs.SCRATCH_DIRS);
  });
});

describe("removeScratchDirs, called by the runtime's teardown", () => {
  it("removes every listed directory with its contents, and empties the list", () => {
    const global: Record<string, unknown> = {};
    const dirs = ["a-", "b-"].map((prefix) => fs.mkdtempSync(path.join(os.tmpdir(), `scratch-remove-${prefix}`)));
    fs.mkdirSync(path.join(dirs[0], "dist", "dev"), { recursive: true });
    fs.writeFileSync(path.join(dirs[0], "dist", "dev", "preview.json"), "{}");
    global[SCRATCH_DIRS] = [...dirs];

    scratchDirs.removeScratchDirs(global);

    expect(dirs.map((dir) => fs.existsSync(dir))).toEqual([false, false]);
    expect(global[SCRATCH_DIRS]).toEqual([]);
  });

  it("passes over a directory the test removed itself, and a file that made none", () => {
    const gone = path.join(os.tmpdir(), "scratch-remove-never-made");
    const global: Record<string, unknown> = { [SCRATCH_DIRS]: [gone] };

    scratchDirs.removeScratchDirs(global);
    const none: Record<string, unknown> = {};
    scratchDirs.removeScratchDirs(none);

    expect(global[SCRATCH_DIRS]).toEqual([]);
    expect(none).toEqual({ [SCRATCH_DIRS]: [] });
  });
});
