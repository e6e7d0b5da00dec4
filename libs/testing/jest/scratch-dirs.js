// Removes the scratch directories a test file made (scratchDir, libs/testing/src/scratch.ts, which
// lists them on the file's global object under this key).
"use strict";
const fs = require("node:fs");

const SCRATCH_DIRS = "__finScratchDirs";

/** Removes every directory listed on `global`, with its contents, and empties the list. */
function removeScratchDirs(global) {
  const dirs = global[SCRATCH_DIRS] ?? [];
  global[SCRATCH_DIRS] = [];
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
}

module.exports = { SCRATCH_DIRS, removeScratchDirs };
