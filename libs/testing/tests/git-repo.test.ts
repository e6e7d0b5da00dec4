import * as fs from "node:fs";
import * as path from "node:path";
import { FAKE_SYNTH, extraWorktrees, git, gitRepo, scratchDir, synthWorkingTree, writeFiles } from "../src";

describe("gitRepo", () => {
  it("commits each file set in turn and leaves the working tree at the last, deletions included", () => {
    const root = gitRepo({ "a.txt": "one", "b.txt": "two" }, { "a.txt": "three", "b.txt": null });
    expect(git(root, "log", "--format=%s")).toBe("commit 2\ncommit 1");
    expect(git(root, "show", "HEAD~1:b.txt")).toBe("two");
    expect(fs.readFileSync(path.join(root, "a.txt"), "utf8")).toBe("three");
    expect(fs.existsSync(path.join(root, "b.txt"))).toBe(false);
    expect(extraWorktrees(root)).toEqual([]);
  });

  it("runs the stand-in synth for each layer, which writes the plan it is given or fails with its message", () => {
    const plan = { steps: [], changeSummary: {} };
    const root = gitRepo({ "libs/plan/bin/synth.js": FAKE_SYNTH, "stacks/data/plan.json": JSON.stringify({ plan, outputs: { a: 1 } }) });
    synthWorkingTree(root, ["data"], "prod");
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, "dist", "prod", "data", file), "utf8"));
    expect([read("preview.json"), read("synth.json"), read("mock-outputs.json")]).toEqual([plan, { project: "fin-data", stack: "prod" }, { a: 1 }]);
    writeFiles(root, { "stacks/data/plan.json": JSON.stringify({ fail: "bad plan" }) });
    expect(() => synthWorkingTree(root, ["data"])).toThrow("Command failed");
  });

  it("lists the worktrees added besides the main one", () => {
    const root = gitRepo({ "a.txt": "one" });
    const extra = path.join(scratchDir("git-repo-wt-"), "wt");
    git(root, "worktree", "add", "--quiet", extra, "HEAD");
    expect(extraWorktrees(root)).toEqual([`worktree ${fs.realpathSync(extra)}`]);
  });
});
