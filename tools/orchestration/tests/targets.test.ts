// The declared task graph, read straight from nx.json and stacks/*/project.json: cheap checks that
// keep the orchestration consistent when a layer or a dependency is added. Then this suite's cache key,
// as Nx resolves it (one `nx show target inputs` run), with the libraries the suite loads. Each stack's
// key is checked in its own suite (stacks/<layer>/tests/inputs.test.ts).
import path from "node:path";
import { keySummary, taskKey } from "@fin/testing";
import { COMMANDS, usage } from "../src/flags";
import { LAYERS, REPO_READS, REPO_ROOT, repoText, sandboxCopies } from "./support/sandbox";

interface Target {
  executor?: string;
  cache?: boolean;
  inputs?: unknown[];
  dependsOn?: unknown[];
  defaultConfiguration?: string;
  options?: { command?: string; synth?: string; check?: string };
  configurations?: Record<string, unknown>;
}
interface Project {
  name: string;
  implicitDependencies?: string[];
  targets: Record<string, Target>;
}

const readJson = <T>(relative: string): T => JSON.parse(repoText(relative)) as T;
const nxJson = readJson<{ targetDefaults: Record<string, Target> }>("nx.json");
const projects = LAYERS.map((layer) => readJson<Project>(`stacks/${layer}/project.json`));
const PULUMI_TARGETS = ["preview", "deploy", "refresh", "destroy", "outputs"];

describe("the stack projects", () => {
  it("are the four layers", () => {
    expect(projects.map((p) => p.name).sort()).toEqual(["compute", "data", "network", "security"]);
  });

  it("each have every orchestration target", () => {
    for (const project of projects) {
      expect(Object.keys(project.targets)).toEqual(expect.arrayContaining([...PULUMI_TARGETS, "integration", "audit"]));
    }
  });

  it("destroy after exactly the layers that depend on them: the reverse of implicitDependencies", () => {
    for (const project of projects) {
      const dependents = projects
        .filter((p) => (p.implicitDependencies ?? []).includes(project.name))
        .map((p) => p.name)
        .sort();
      const declared = (project.targets.destroy.dependsOn ?? []) as { projects: string[] }[];
      const expected = dependents.length === 0 ? [] : [{ projects: dependents, target: "destroy", params: "forward" }];
      // Labelled with the project so a failure names the layer.
      expect([project.name, declared.map((d) => ({ ...d, projects: [...d.projects].sort() }))]).toEqual([project.name, expected]);
    }
  });
});

describe("nx.json targetDefaults", () => {
  it("run the Pulumi wrapper for each Pulumi target, never cached, with no default environment", () => {
    for (const name of PULUMI_TARGETS) {
      // No {args.*} in the command: that form forwards nothing else (run-commands.impl.js
      // interpolateArgsIntoCommand), and every flag must reach the wrapper to be passed or refused.
      expect(nxJson.targetDefaults[name]).toEqual(
        expect.objectContaining({
          executor: "nx:run-commands",
          cache: false,
          options: { command: `node tools/orchestration/bin/pulumi-stack.js ${name} {projectRoot}` },
        }),
      );
      expect(nxJson.targetDefaults[name].defaultConfiguration).toBeUndefined();
    }
  });

  it("select the stack named after the configuration", () => {
    for (const name of [...PULUMI_TARGETS, "integration", "audit"]) {
      expect(nxJson.targetDefaults[name].configurations).toEqual({
        dev: { args: "--stack=dev" },
        staging: { args: "--stack=staging" },
        prod: { args: "--stack=prod" },
      });
    }
  });

  it("deploy after every upstream layer, forwarding --stack to them", () => {
    expect(nxJson.targetDefaults.deploy.dependsOn).toEqual([{ dependencies: true, target: "deploy", params: "forward" }]);
    for (const name of ["preview", "refresh", "destroy", "outputs", "integration"]) {
      expect(nxJson.targetDefaults[name].dependsOn).toBeUndefined();
    }
  });

  it("synth after every upstream layer, forwarding --stack to them, so any stack (pr-1) synthesizes end to end", () => {
    expect(nxJson.targetDefaults.synth.dependsOn).toEqual([{ dependencies: true, target: "synth", params: "forward" }]);
  });

  it("synth through the plan library's batch executor (every layer of a run in one process), each layer's plan then checked by the policy pack", () => {
    expect(nxJson.targetDefaults.synth.executor).toBe("@fin/plan:synth");
    expect(nxJson.targetDefaults.synth.options).toEqual({ synth: "libs/plan/bin/synth.js", check: "libs/policies/bin/policy-check.js" });
    expect(readJson<{ executors: Record<string, unknown> }>("libs/plan/executors.json").executors.synth).toEqual(
      expect.objectContaining({ implementation: "./executors/synth.js#synthExecutor", batchImplementation: "./executors/synth.js#synthBatch", preferBatch: true }),
    );
    expect(readJson<{ executors: string }>("libs/plan/package.json").executors).toBe("./executors.json");
  });

  it("hash synth on the code that synthesizes and checks a plan (the plan library, the mock harness, the policy pack)", () => {
    expect(nxJson.targetDefaults.synth.inputs).toEqual(expect.arrayContaining([{ input: "production", projects: ["plan", "policies", "testing"] }]));
  });

  it("hash synth on whether ENVIRONMENT_SUFFIX is set, not only on its value (an empty one hashes like an unset one)", () => {
    expect(nxJson.targetDefaults.synth.inputs).toEqual(
      expect.arrayContaining([
        { env: "ENVIRONMENT_SUFFIX" },
        { runtime: "node -p \"'ENVIRONMENT_SUFFIX is ' + ('ENVIRONMENT_SUFFIX' in process.env ? 'set' : 'unset')\"" },
      ]),
    );
  });

  it("run the verify CLI for integration, uncached (it checks live resources)", () => {
    expect(nxJson.targetDefaults.integration).toEqual(
      expect.objectContaining({
        cache: false,
        options: { command: "node libs/verify/bin/integration.js {projectRoot} --stack={args.stack}" },
      }),
    );
  });
});

describe("the audit target", () => {
  it("runs the wrapper's read-only audit, uncached, after the layer's synth (its plan holds the configured values) without forwarding flags to synth", () => {
    expect(nxJson.targetDefaults.audit).toEqual(
      expect.objectContaining({
        executor: "nx:run-commands",
        cache: false,
        dependsOn: [{ target: "synth", params: "ignore" }],
        options: { command: "node tools/orchestration/bin/pulumi-stack.js audit {projectRoot}" },
      }),
    );
  });
});

describe("docs/deploy.md", () => {
  it("documents each target's flags exactly as the wrapper knows them", () => {
    const doc = repoText("docs/deploy.md");
    expect(doc).toContain(`\`\`\`text\n${COMMANDS.map(usage).join("\n\n")}\n\`\`\``);
  });
});

describe("the test target's inputs", () => {
  // The files Nx hashes for orchestration:test, as Nx itself resolves them.
  let files: string[];
  let summary: ReturnType<typeof keySummary>;
  beforeAll(() => {
    const key = taskKey(REPO_ROOT, "orchestration:test");
    files = key.files;
    summary = keySummary(key);
  });

  it("hold this suite's own files, the Jest runtime and every library the suite imports, directly or through another, so a change to one re-runs it", () => {
    const { ownProject, imports, unhashedImports, unhashedRuntime } = summary;
    expect({ ownProject, imports, unhashedImports, unhashedRuntime }).toEqual({ ownProject: true, imports: ["naming", "testing"], unhashedImports: [], unhashedRuntime: [] });
  });

  it("hold every repository file a sandbox copies and every one the suite reads in place", () => {
    expect([...sandboxCopies({ lockfile: true }), ...REPO_READS].filter((f) => !files.includes(f))).toEqual([]);
  });

  it("hold the synth executor that the sandbox's Nx loads from libs/plan", () => {
    const executors = readJson<{ executors: Record<string, { implementation: string; batchImplementation: string; schema: string }> }>("libs/plan/executors.json").executors;
    const loaded = Object.values(executors).flatMap((e) => [e.implementation, e.batchImplementation, e.schema].map((f) => path.posix.join("libs/plan", f.replace(/#.*$/, ""))));
    expect([...new Set(loaded)].filter((f) => !files.includes(f))).toEqual([]);
  });

  it("hold none of a stack's program, so a change to it replays this suite from the cache: only project.json and Pulumi*.yaml", () => {
    expect(files.filter((f) => f.startsWith("stacks/"))).toEqual(sandboxCopies().filter((f) => f.startsWith("stacks/")).sort());
  });
});
