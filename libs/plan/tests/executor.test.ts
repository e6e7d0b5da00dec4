import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";

// The synth target's Nx executor, against a synth module that records its calls: the order of a batch,
// what a failure does to the layers after it, and where each layer's output goes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const executor = require("../executors/synth.js");

const FAKE = `exports.calls = [];
exports.synthLayer = async (root, argv) => {
  exports.calls.push({ root, argv });
  const layer = argv[0].split("/").pop();
  if (layer === "crash") throw new Error("the layer crashed");
  if (layer === "throws-string") throw "a string";
  process.stdout.write(layer + "/dev: planned\\n");
  if (layer === "bad") {
    process.stderr.write("synth bad/dev failed, nothing was written\\n");
    return 1;
  }
  return 0;
};
`;

interface Result {
  success: boolean;
  status: string;
  terminalOutput: string;
  startTime: number;
  endTime: number;
}

function workspace(projects: readonly string[]) {
  const root = scratchDir("synth-executor-");
  fs.writeFileSync(path.join(root, "fake-synth.js"), FAKE);
  const context = {
    root,
    projectName: projects[0],
    projectsConfigurations: { projects: Object.fromEntries(projects.map((p) => [p, { root: `stacks/${p}` }])) },
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the instance the executor loads, to read its calls
  const fake = require(path.join(root, "fake-synth.js")) as { calls: { root: string; argv: string[] }[] };
  return { root, context, fake };
}

const options = { stack: "dev", synth: "fake-synth.js", check: "libs/policies/bin/policy-check.js" };

/** A task graph of synth tasks, `deps` naming each task's dependencies by project. */
function graph(deps: Record<string, string[]>) {
  const id = (p: string) => `${p}:synth:dev`;
  return {
    tasks: Object.fromEntries(Object.keys(deps).map((p) => [id(p), { id: id(p), target: { project: p, target: "synth", configuration: "dev" } }])),
    dependencies: Object.fromEntries(Object.entries(deps).map(([p, ds]) => [id(p), ds.map(id)])),
  };
}

async function batch(taskGraph: ReturnType<typeof graph>, context: unknown, opts: Record<string, unknown> = options) {
  const inputs = Object.fromEntries(Object.keys(taskGraph.tasks).map((id) => [id, opts]));
  const results: [string, Result][] = [];
  for await (const { task, result } of executor.synthBatch(taskGraph, inputs, {}, context)) {
    results.push([task, result]);
  }
  return results;
}

describe("the synth executor's batch", () => {
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

  it("synthesizes each layer after the layers it depends on, with the synth command's arguments, whatever order Nx lists them in", async () => {
    const { root, context, fake } = workspace(["compute", "data", "network", "security"]);
    const results = await batch(
      graph({ compute: ["security", "network", "data"], data: ["security", "network"], network: ["security"], security: [] }),
      context,
    );

    expect(results.map(([task, r]) => [task, r.status, r.success])).toEqual([
      ["security:synth:dev", "success", true],
      ["network:synth:dev", "success", true],
      ["data:synth:dev", "success", true],
      ["compute:synth:dev", "success", true],
    ]);
    expect(fake.calls).toEqual(
      ["security", "network", "data", "compute"].map((p) => ({ root, argv: [`stacks/${p}`, "--stack=dev", "--check=libs/policies/bin/policy-check.js"] })),
    );
    for (const [, r] of results) {
      expect(r.endTime).toBeGreaterThanOrEqual(r.startTime);
    }
  });

  it("hands each layer's output to Nx as that task's terminal output, instead of writing it", async () => {
    const { context } = workspace(["security", "bad"]);
    const results = await batch(graph({ security: [], bad: [] }), context);

    expect(results.map(([, r]) => r.terminalOutput)).toEqual(["security/dev: planned\n", "bad/dev: planned\nsynth bad/dev failed, nothing was written\n"]);
    expect(process.stdout.write).toBe(writes.stdout);
    expect(process.stderr.write).toBe(writes.stderr);
  });

  it("fails a layer that fails and skips the layers that depend on it, directly or not; the others still run", async () => {
    const { context, fake } = workspace(["security", "bad", "data", "compute", "other"]);
    const results = await batch(graph({ security: [], bad: ["security"], data: ["bad"], compute: ["data", "security"], other: ["security"] }), context);

    expect(results.map(([task, r]) => [task, r.status, r.success])).toEqual([
      ["security:synth:dev", "success", true],
      ["bad:synth:dev", "failure", false],
      ["data:synth:dev", "skipped", false],
      ["compute:synth:dev", "skipped", false],
      ["other:synth:dev", "success", true],
    ]);
    expect(fake.calls.map((c) => c.argv[0])).toEqual(["stacks/security", "stacks/bad", "stacks/other"]);
    expect(results[2][1].terminalOutput).toBe("");
  });

  it("runs a layer whose dependency is not in the batch (Nx replayed it from the cache)", async () => {
    const { context, fake } = workspace(["network"]);
    const taskGraph = graph({ network: ["security"] });
    const results = await batch(taskGraph, context, { stack: "pr-1", synth: "fake-synth.js" });

    expect(results.map(([task, r]) => [task, r.status])).toEqual([["network:synth:dev", "success"]]);
    expect(fake.calls.map((c) => c.argv)).toEqual([["stacks/network", "--stack=pr-1"]]);
  });

  it("fails a layer whose synth throws, with the error in its output, and goes on with the rest", async () => {
    const { context } = workspace(["crash", "throws-string", "security"]);
    const results = await batch(graph({ crash: [], "throws-string": [], security: [] }), context);

    expect(results.map(([task, r]) => [task, r.status])).toEqual([
      ["crash:synth:dev", "failure"],
      ["throws-string:synth:dev", "failure"],
      ["security:synth:dev", "success"],
    ]);
    expect(results[0][1].terminalOutput.split("\n")[0]).toBe("Error: the layer crashed");
    expect(results[1][1].terminalOutput).toBe("a string\n");
  });
});

describe("the synth executor outside a batch", () => {
  it("synthesizes the one layer and succeeds with its exit code, its output written as it comes", async () => {
    const { context, fake } = workspace(["security"]);
    const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await executor.synthExecutor(options, context)).toEqual({ success: true });
      expect(write).toHaveBeenCalledWith("security/dev: planned\n");
    } finally {
      write.mockRestore();
    }
    expect(fake.calls.map((c) => c.argv[0])).toEqual(["stacks/security"]);
  });

  it("fails when the layer fails", async () => {
    const { context } = workspace(["bad"]);
    const writes = [jest.spyOn(process.stdout, "write").mockImplementation(() => true), jest.spyOn(process.stderr, "write").mockImplementation(() => true)];
    try {
      expect(await executor.synthExecutor(options, context)).toEqual({ success: false });
      expect(writes[1]).toHaveBeenCalledWith("synth bad/dev failed, nothing was written\n");
    } finally {
      writes.forEach((w) => w.mockRestore());
    }
  });
});
