import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir, targetInputFiles, writeFiles } from "../src";

const REPO = path.resolve(__dirname, "..", "..", "..");

/** A workspace of one project, `a`, whose `check` target hashes its src/ and one root file; Nx is this repository's. */
function workspace(): string {
  const root = scratchDir("nx-inputs-ws-");
  writeFiles(root, {
    "nx.json": JSON.stringify({}),
    "package.json": JSON.stringify({ name: "ws", private: true }),
    "shared.json": "{}",
    "libs/a/project.json": JSON.stringify({ name: "a", targets: { check: { command: "true", inputs: ["{projectRoot}/src/**/*", "{workspaceRoot}/shared.json"] } } }),
    "libs/a/src/x.ts": "export const x = 1;\n",
    "libs/a/README.md": "# a\n",
  });
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"), "dir");
  return root;
}

describe("targetInputFiles", () => {
  it("lists exactly the files Nx hashes for a task: those its inputs name, and nx.json, which every task's hash holds", () => {
    expect(targetInputFiles(workspace(), "a:check")).toEqual(["libs/a/src/x.ts", "nx.json", "shared.json"]);
  });

  it("throws with Nx's message for a task that does not exist", () => {
    expect(() => targetInputFiles(workspace(), "a:no-such-target")).toThrow(/^nx show target inputs a:no-such-target failed with status 1:\n[\s\S]*no-such-target/);
  });
});
