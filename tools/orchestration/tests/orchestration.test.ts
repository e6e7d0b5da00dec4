// The real Nx CLI over the real nx.json and stacks/*/project.json, with a stand-in `pulumi` first on
// PATH (tests/support/fake-pulumi) that records its working directory and arguments.
import path from "node:path";
import { Sandbox } from "./support/sandbox";

jest.setTimeout(120_000);

const ORDER = ["security", "network", "data", "compute"];
const POLICY = "--policy-pack ../../libs/policies";
const up = (stack: string) => `up --yes --stack ${stack} --non-interactive ${POLICY}`;
const output = (stack: string) => `stack output --json --stack ${stack} --non-interactive`;

let ws: Sandbox;
beforeAll(() => {
  ws = new Sandbox();
});
afterAll(() => ws.dispose());
beforeEach(() => ws.reset());

/** Fails unless every call ended before the next one started: no two layers ran at once. */
function expectOneAtATime(): void {
  const events = ws.events().map((e) => `${e.event} ${e.layer} ${e.args}`);
  const pairs = events.flatMap((e, i) => (i % 2 === 0 ? [[e, events[i + 1]]] : []));
  expect(pairs.every(([start, end]) => start.startsWith("start ") && end === start.replace(/^start /, "end "))).toBe(true);
}

describe("nx run-many -t deploy -c <env>", () => {
  it("deploys the four layers in dependency order, one at a time, on the env's stack with the policy pack", () => {
    const result = ws.nx(["run-many", "-t", "deploy", "-c", "dev"], { FAKE_PULUMI_DELAY: "0.2" });

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual(ORDER.flatMap((layer) => [[layer, up("dev")], [layer, output("dev")]]));
    expectOneAtATime();
    // Pulumi runs in each stack's own directory, transpile-only.
    expect(ws.events().filter((e) => e.event === "start").map((e) => [e.cwd, e.transpileOnly])).toEqual(
      ORDER.flatMap((layer) => Array(2).fill([path.join(ws.root, "stacks", layer), "true"])),
    );
    for (const layer of ORDER) {
      expect(ws.readJson(`dist/stacks/${layer}/outputs.dev.json`)).toEqual({ layer, stack: "dev" });
    }
  });

  it("stops every layer downstream of a failing one and exits non-zero", () => {
    const result = ws.nx(["run-many", "-t", "deploy", "-c", "dev"], { FAKE_PULUMI_FAIL_LAYER: "data" });

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([
      ["security", up("dev")],
      ["security", output("dev")],
      ["network", up("dev")],
      ["network", output("dev")],
      ["data", up("dev")],
    ]);
    expect(result.output).toContain("pulumi up failed for stacks/data (stack dev) with exit status 7");
    expect(result.output).toMatch(/Tasks not run because their dependencies failed[^\n]*\n+- compute:deploy:dev/);
    expect(ws.exists("dist/stacks/data/outputs.dev.json")).toBe(false);
    expect(ws.exists("dist/stacks/compute/outputs.dev.json")).toBe(false);
  });

  it("refuses to run any layer when no environment is given", () => {
    const result = ws.nx(["run-many", "-t", "deploy"]);

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain(
      "no stack selected for deploy of stacks/security: pass -c dev|staging|prod, or --stack=<name> for an ephemeral environment",
    );
  });
});

describe("nx run-many -t destroy -c <env>", () => {
  it("tears the layers down in reverse dependency order, one at a time", () => {
    const result = ws.nx(["run-many", "-t", "destroy", "-c", "dev"], { FAKE_PULUMI_DELAY: "0.2" });

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual(
      [...ORDER].reverse().map((layer) => [layer, "destroy --yes --stack dev --non-interactive"]),
    );
    expectOneAtATime();
  });
});

describe("nx run <layer>:deploy -c <env> --exclude-task-dependencies", () => {
  it("updates exactly that layer", () => {
    const result = ws.nx(["run", "data:deploy", "-c", "staging", "--exclude-task-dependencies"]);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([
      ["data", up("staging")],
      ["data", output("staging")],
    ]);
    expect(ws.readJson("dist/stacks/data/outputs.staging.json")).toEqual({ layer: "data", stack: "staging" });
  });
});

describe("an ephemeral environment: --stack=pr-123", () => {
  it("reaches every upstream layer that `nx run compute:deploy` pulls in, in order", () => {
    const result = ws.nx(["run", "compute:deploy", "--stack=pr-123"]);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual(ORDER.flatMap((layer) => [[layer, up("pr-123")], [layer, output("pr-123")]]));
    expect(ws.readJson("dist/stacks/compute/outputs.pr-123.json")).toEqual({ layer: "compute", stack: "pr-123" });
  });

  it("wins over a configuration given on the same command line", () => {
    const result = ws.nx(["run-many", "-t", "destroy", "-c", "dev", "--stack=pr-123"]);

    expect(result.status).toBe(0);
    expect(ws.started().map(([layer, args]) => `${layer}: ${args}`)).toEqual(
      ["compute", "data", "network", "security"].map((l) => `${l}: destroy --yes --stack pr-123 --non-interactive`),
    );
  });
});

describe("the read-only and check targets", () => {
  it("preview (with the policy pack), refresh, outputs and integration run on every layer with the env's stack", () => {
    const result = ws.nx(["run-many", "-t", "preview", "refresh", "outputs", "integration", "-c", "prod"]);

    expect(result.status).toBe(0);
    const calls = ws.events().filter((e) => e.event !== "end");
    expect(calls.map((e) => [e.event, e.layer, e.args]).sort()).toEqual(
      ORDER.flatMap((layer) => [
        ["start", layer, `preview --stack prod --non-interactive ${POLICY}`],
        ["start", layer, "refresh --yes --stack prod --non-interactive"],
        ["start", layer, output("prod")],
        ["integration", layer, `stacks/${layer} --stack=prod`],
      ]).sort(),
    );
    // The verify CLI runs from the workspace root; Pulumi from each stack's directory.
    expect(calls.filter((e) => e.event === "integration").every((e) => e.cwd === ws.root)).toBe(true);
    for (const layer of ORDER) {
      expect(ws.readJson(`dist/stacks/${layer}/outputs.prod.json`)).toEqual({ layer, stack: "prod" });
    }
  });
});
