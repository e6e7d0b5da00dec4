import * as fs from "node:fs";
import * as path from "node:path";
import { BASE_SYNTH_ENTRY, BaseRefError, linkNodeModules, synthesizeAtRef, thirdPartyPins, workspacePackages } from "../src/base";
import { FAKE_SYNTH, extraWorktrees, git, gitRepo, writeFiles } from "@fin/testing";

const plan = (retention: number) => JSON.stringify({ plan: { steps: [{ op: "create", urn: "urn:s", newState: { type: "aws:kinesis/stream:Stream", inputs: { retentionPeriod: retention } } }] } });
const project = {
  "package.json": JSON.stringify({ name: "repo", workspaces: ["libs/*", "stacks/*"] }),
  [BASE_SYNTH_ENTRY]: FAKE_SYNTH,
  "libs/plan/package.json": JSON.stringify({ name: "@fin/plan" }),
  "stacks/data/package.json": JSON.stringify({ name: "@fin/stack-data" }),
  "stacks/security/plan.json": plan(1),
  "stacks/network/plan.json": plan(2),
  "stacks/data/plan.json": plan(24),
  "stacks/compute/plan.json": plan(3),
};

describe("synthesizeAtRef", () => {
  it("synthesizes the base in a temporary worktree with its own synth and own @fin links, then removes it", () => {
    const root = gitRepo(project, { "stacks/data/plan.json": plan(48) });
    writeFiles(root, { "node_modules/left-pad/index.js": "", "node_modules/@fin/plan/index.js": "" });
    const checkout = synthesizeAtRef({ root, ref: "HEAD~1", stack: "dev" });
    expect(fs.readdirSync(path.join(checkout.dir, "dist/dev")).sort()).toEqual(["compute", "data", "network", "security"]);
    expect(checkout.commit).toBe(git(root, "rev-parse", "HEAD~1"));
    expect(checkout.install).toBe("linked");
    const preview = JSON.parse(fs.readFileSync(path.join(checkout.dir, "dist/dev/data/preview.json"), "utf8"));
    expect(preview.steps[0].newState.inputs).toEqual({ retentionPeriod: 24 });
    // Third-party packages are the current install; @fin/* are the base's own trees, never the working tree's.
    expect(fs.realpathSync(path.join(checkout.dir, "node_modules/left-pad"))).toBe(fs.realpathSync(path.join(root, "node_modules/left-pad")));
    expect(fs.realpathSync(path.join(checkout.dir, "node_modules/@fin/plan"))).toBe(fs.realpathSync(path.join(checkout.dir, "libs/plan")));
    expect(fs.realpathSync(path.join(checkout.dir, "node_modules/@fin/stack-data"))).toBe(fs.realpathSync(path.join(checkout.dir, "stacks/data")));
    expect(extraWorktrees(root)).toHaveLength(1);
    checkout.remove();
    checkout.remove();
    expect(fs.existsSync(checkout.dir)).toBe(false);
    expect(extraWorktrees(root)).toEqual([]);
  });

  it("refuses a ref that does not exist, naming it", () => {
    const root = gitRepo(project);
    expect(() => synthesizeAtRef({ root, ref: "no-such-branch", stack: "dev" })).toThrow(
      new BaseRefError(`base ref no-such-branch does not exist in ${root} (git rev-parse found no commit; in CI fetch it, e.g. actions/checkout with fetch-depth: 0)`),
    );
  });

  it("refuses a base older than the plan library, and leaves no worktree", () => {
    const root = gitRepo({ "README.md": "old" }, project);
    const sha = git(root, "rev-parse", "--short=7", "HEAD~1");
    expect(() => synthesizeAtRef({ root, ref: "HEAD~1", stack: "dev" })).toThrow(
      `base ref HEAD~1 (${sha}) has no libs/plan/bin/synth.js: it predates the plan library and cannot be synthesized by this diff`,
    );
    expect(extraWorktrees(root)).toEqual([]);
  });

  it("reports a failing base synth with its layer, ref and output, and leaves no worktree", () => {
    const root = gitRepo({ ...project, "stacks/data/plan.json": JSON.stringify({ fail: "data: minCapacity is 9, expected <= maxCapacity" }) }, { "stacks/data/plan.json": plan(48) });
    const sha = git(root, "rev-parse", "--short=7", "HEAD~1");
    expect(() => synthesizeAtRef({ root, ref: "HEAD~1", stack: "dev", layers: ["data"], env: { EXTRA: "1" } })).toThrow(
      `synth of data/dev at base ref HEAD~1 (${sha}) failed:\ndata: minCapacity is 9, expected <= maxCapacity`,
    );
    expect(extraWorktrees(root)).toEqual([]);
  });

  it("fails when git cannot add the worktree, naming the ref", () => {
    const root = gitRepo(project);
    // git keeps worktree records in .git/worktrees/: a file there makes `git worktree add` fail.
    fs.writeFileSync(path.join(root, ".git", "worktrees"), "not a directory");
    expect(() => synthesizeAtRef({ root, ref: "HEAD", stack: "dev" })).toThrow(/^base ref HEAD: git worktree add failed: .+/);
  });

  it("installs with npm ci --offline when the base pins other packages, and names the ref when that fails", () => {
    const lock = (packages?: Record<string, unknown>) => JSON.stringify({ name: "repo", lockfileVersion: 3, requires: true, ...(packages ? { packages } : {}) });
    const minimal = { [BASE_SYNTH_ENTRY]: FAKE_SYNTH, "stacks/data/plan.json": plan(24), "package.json": JSON.stringify({ name: "repo", version: "1.0.0" }) };
    const ok = gitRepo({ ...minimal, "package-lock.json": lock({ "": { name: "repo", version: "1.0.0" } }) }, { "package-lock.json": lock({ "node_modules/left-pad": { version: "1.3.0" } }) });
    const checkout = synthesizeAtRef({ root: ok, ref: "HEAD~1", stack: "dev", layers: ["data"] });
    expect(checkout.install).toBe("npm ci --offline");
    checkout.remove();

    const pinned = { "": { name: "repo", version: "1.0.0", dependencies: { "no-such-package-for-plan-diff": "1.0.0" } }, "node_modules/no-such-package-for-plan-diff": { version: "1.0.0", resolved: "https://registry.npmjs.org/no-such-package-for-plan-diff/-/x-1.0.0.tgz" } };
    const bad = gitRepo(
      { ...minimal, "package.json": JSON.stringify({ name: "repo", version: "1.0.0", dependencies: { "no-such-package-for-plan-diff": "1.0.0" } }), "package-lock.json": lock(pinned) },
      { "package-lock.json": lock({ "node_modules/left-pad": { version: "1.3.0" } }) },
    );
    expect(() => synthesizeAtRef({ root: bad, ref: "HEAD~1", stack: "dev", layers: ["data"] })).toThrow(/^base ref HEAD~1 pins other packages \(package-lock\.json differs\) and `npm ci --offline` failed there:\n/);
    expect(extraWorktrees(bad)).toEqual([]);
  }, 60000);
});

describe("the node_modules of a base worktree", () => {
  it("compares only third-party pins: workspace links and missing locks aside", () => {
    const lock = (packages: Record<string, unknown>) => JSON.stringify({ packages });
    expect(thirdPartyPins(lock({ "node_modules/a": { version: "1" }, "node_modules/@fin/x": { link: true }, "libs/x": {} }))).toBe('[["node_modules/a",{"version":"1"}]]');
    expect(thirdPartyPins(lock({ "node_modules/a": { version: "1" }, "node_modules/@fin/x": { link: true, resolved: "libs/y" } }))).toBe(thirdPartyPins(lock({ "node_modules/a": { version: "1" } })));
    expect(thirdPartyPins(undefined)).toBe("");
    expect(thirdPartyPins("{}")).toBe("[]");
  });

  it("finds workspace packages from the root package.json's workspaces, skipping folders without a package.json", () => {
    const root = gitRepo({ "package.json": JSON.stringify({ name: "r", workspaces: ["libs/*", "missing/*"] }), "libs/a/package.json": JSON.stringify({ name: "@fin/a" }), "libs/b/README.md": "" });
    expect([...workspacePackages(root)]).toEqual([["@fin/a", path.join(root, "libs/a")]]);
    expect([...workspacePackages(path.join(root, "libs"))]).toEqual([]);
  });

  it("links nothing but the workspace packages when there is no current install", () => {
    const root = gitRepo({ "package.json": JSON.stringify({ name: "r", workspaces: ["libs/*"] }), "libs/a/package.json": JSON.stringify({ name: "plain" }) });
    linkNodeModules(path.join(root, "no-node-modules"), root);
    expect(fs.readdirSync(path.join(root, "node_modules"))).toEqual(["plain"]);
  });
});
