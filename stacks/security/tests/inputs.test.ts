// What Nx hashes for this suite (ADR 0018, eighth and ninth addenda): every library its code loads,
// and no other layer's program. Checked here, in the suite whose own key holds the files that import them.
import * as path from "node:path";
import { keySummary, taskKey } from "@fin/testing";

it("the test target hashes its own files, the Jest runtime and every library the suite imports, directly or through another, and no other stack's file: the suite runs this program alone under mocks, and the harness gives it the other layers' outputs", () => {
  expect(keySummary(taskKey(path.resolve(__dirname, "..", "..", ".."), "security:test"))).toEqual({ ownProject: true, otherStacks: [], imports: ["config", "contracts", "iam", "naming", "testing"], unhashedImports: [], unhashedRuntime: [] });
});
