// What Nx hashes for this suite (ADR 0018, eighth and ninth addenda): every library its code loads,
// and no stack's program. Checked here, in the suite whose own key holds the files that import them.
import * as path from "node:path";
import { keySummary, taskKey } from "@fin/testing";

it("the test target hashes its own files, the Jest runtime and every library the suite imports, directly or through another, and no file of a stack: the layers reach it only through their synth outputs (dist/<stack>/<layer>/*.json, the target's dependentTasksOutputFiles)", () => {
  expect(keySummary(taskKey(path.resolve(__dirname, "..", "..", ".."), "policies:test"))).toEqual({ ownProject: true, otherStacks: [], imports: ["config", "contracts", "naming", "plan", "testing"], unhashedImports: [], unhashedRuntime: [] });
});
