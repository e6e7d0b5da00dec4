// What Nx hashes for this suite (ADR 0018, eighth and ninth addenda): every library its code loads,
// and no stack's program. Checked here, in the suite whose own key holds the files that import them.
import * as path from "node:path";
import { keySummary, taskKey } from "@fin/testing";

it("the test target hashes its own files, the Jest runtime and every library the suite imports, directly or through another, and no file of a stack: it reads no plan of theirs at all (its tests price fixtures)", () => {
  expect(keySummary(taskKey(path.resolve(__dirname, "..", "..", ".."), "report:test"))).toEqual({ ownProject: true, otherStacks: [], imports: ["config", "contracts", "naming", "plan", "policies", "testing"], unhashedImports: [], unhashedRuntime: [] });
});
