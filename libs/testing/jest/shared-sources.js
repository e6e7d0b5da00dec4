// One copy of each installed module's source for the life of a Jest process.
//
// jest-runner gives every test file a Map of the sources read so far (its `cacheFS`, starting with
// the test file's own source), and jest-runtime reads each module it loads through it (jest-runtime
// 30.5.2, FileCache#readFile). So a worker that runs sixteen test files opens, reads and decodes the
// same ~800 files of @pulumi/pulumi, @pulumi/aws and gRPC sixteen times: in libs/policies that was
// 2.6 s of a 19.6 s CPU profile. Files under node_modules are installed, not edited, so their text is
// kept for the process, and a later test file gets the same string back. Before it is handed out, a
// stat confirms the file still has the size and modification time it was read with: a process that
// outlives an `npm install` (an in-band watch run keeps one process across runs) reads it again.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const INSTALLED = `${path.sep}node_modules${path.sep}`;

/**
 * A stand-in for jest-runner's per-file `cacheFS` Map, as jest-runtime's FileCache uses it (get, set,
 * clear). `own` is that Map, still written to, since jest-runner hands the same Map to the test
 * file's transformer. `store` is the process-wide path -> { text, size, mtimeMs } of installed files.
 */
function sharedSources(own, store, stat = fs.statSync) {
  const current = (file) => stat(file, { throwIfNoEntry: false });
  return {
    get(file) {
      const text = own.get(file);
      if (text !== undefined || !file.includes(INSTALLED)) return text;
      const kept = store.get(file);
      if (kept === undefined) return undefined;
      const now = current(file);
      if (now === undefined || now.size !== kept.size || now.mtimeMs !== kept.mtimeMs) {
        store.delete(file);
        return undefined;
      }
      own.set(file, kept.text);
      return kept.text;
    },
    set(file, text) {
      own.set(file, text);
      if (file.includes(INSTALLED)) {
        const now = current(file);
        if (now !== undefined) store.set(file, { text, size: now.size, mtimeMs: now.mtimeMs });
      }
      return this;
    },
    has(file) {
      return this.get(file) !== undefined;
    },
    clear() {
      own.clear();
    },
  };
}

module.exports = { sharedSources };
