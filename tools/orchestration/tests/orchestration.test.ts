// The real Nx CLI over the real nx.json, stacks/*/project.json and stacks/*/Pulumi*.yaml, with a
// stand-in `pulumi` first on PATH (tests/support/fake-pulumi) that records its working directory and
// arguments and answers `stack ls --json`, `stack export`, `preview --json` and `stack output --json`
// from a toy state: the order of a deploy, the stacks, the policy pack and the protected-
// environment refusals of a deploy. Teardowns: orchestration-destroy.test.ts; Pulumi flags and
// ENVIRONMENT_SUFFIX: orchestration-flags.test.ts; audit and synth's cache: orchestration-audit.test.ts
// (split only so that Jest runs them side by side).
import path from "node:path";
import { Sandbox, urn, waitingComputeOutputs, type NxResult } from "./support/sandbox";
import { CLUSTER, destroy, expectOneAtATime, ORDER, output, planOf, POLICY, printed, sandboxPerFile, up } from "./support/orchestration";

jest.setTimeout(180_000);

let ws: Sandbox;
sandboxPerFile((s) => (ws = s));

describe("nx run-many -t deploy -c <env>", () => {
  it("deploys the four layers in dependency order, one at a time, on the env's stack with the policy pack", () => {
    const result = ws.nx(["run-many", "-t", "deploy", "-c", "dev"], { FAKE_PULUMI_DELAY: "0.2" });

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual(ORDER.flatMap((layer) => [[layer, up("dev")], [layer, output("dev")]]));
    expectOneAtATime(ws);
    // Pulumi runs in each stack's own directory, transpile-only.
    expect(ws.events().filter((e) => e.event === "start").map((e) => [e.cwd, e.transpileOnly])).toEqual(
      ORDER.flatMap((layer) => Array(2).fill([path.join(ws.root, "stacks", layer), "true"])),
    );
    for (const layer of ORDER) {
      expect(ws.readJson(`dist/dev/${layer}/outputs.json`)).toEqual(layer === "compute" ? waitingComputeOutputs("dev") : { layer, stack: "dev" });
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
    expect(ws.exists("dist/dev/data/outputs.json")).toBe(false);
    expect(ws.exists("dist/dev/compute/outputs.json")).toBe(false);
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

describe("a deploy of prod (protected) whose plan replaces the Aurora cluster", () => {
  const replacing = {
    steps: [
      { op: "same", urn: urn("prod", "data", "pulumi:pulumi:Stack", "fin-data") },
      { op: "create-replacement", urn: CLUSTER("prod") },
      { op: "replace", urn: CLUSTER("prod") },
      { op: "delete-replaced", urn: CLUSTER("prod") },
      { op: "update", urn: urn("prod", "data", "fin:data:DataLake$fin:data:DataBucket$aws:s3/bucket:Bucket", "raw-data") },
    ],
  };

  // One refused run, recorded before the log is reset: its own test reads what it did, the next one
  // runs the command it printed (the same line `nx run data:deploy -c prod` prints).
  let refused: NxResult;
  let refusedCalls: [string, string][];
  beforeAll(() => {
    ws.reset();
    ws.deployed("prod", ...ORDER);
    ws.plan("data", "prod", replacing);
    refused = ws.nx(["run-many", "-t", "deploy", "-c", "prod"]);
    refusedCalls = ws.started();
  });

  it("checks each layer's plan first, refuses at data before its update and runs nothing after it", () => {
    const result = refused;

    expect(result.status).not.toBe(0);
    expect(refusedCalls).toEqual([
      ["security", planOf("prod")],
      ["security", up("prod")],
      ["security", output("prod")],
      ["network", planOf("prod")],
      ["network", up("prod")],
      ["network", output("prod")],
      ["data", planOf("prod")],
    ]);
    expect(result.output).toContain(
      [
        "refused: deploy of fin-data, stack prod (stacks/data)",
        "  why: prod is a protected stack (stack prod is always protected) and the plan replaces or deletes stateful resources:",
        "    - create-replacement, replace, delete-replaced: analytics-cluster  aws:rds/cluster:Cluster  (Aurora cluster: deleted without a final snapshot)",
        `      ${CLUSTER("prod")}`,
        "  to proceed: npx nx run data:deploy --stack=prod --confirm=prod",
      ].join("\n"),
    );
    // An update in place of a bucket is no loss.
    expect(result.output).not.toContain("raw-data");
    expect(result.output).toMatch(/Tasks not run because their dependencies failed[^\n]*\n+- compute:deploy:prod/);
  });

  it("proceeds with the printed command, confirmed, on every layer it deploys and without re-planning", () => {
    const proceed = printed(refused.output, "to proceed:");
    ws.deployed("prod", ...ORDER);
    ws.plan("data", "prod", replacing);

    const result = ws.shell(proceed);

    expect(proceed).toBe("npx nx run data:deploy --stack=prod --confirm=prod");
    expect(result.status).toBe(0);
    expect(ws.started()).toEqual(["security", "network", "data"].flatMap((layer) => [[layer, up("prod")], [layer, output("prod")]]));
  });

  it("deploys a plan that touches no stateful resource without asking", () => {
    ws.deployed("prod", "security");
    ws.plan("security", "prod", { steps: [{ op: "update", urn: urn("prod", "security", "fin:security:PlatformKeys$aws:kms/key:Key", "logs-key") }] });

    const result = ws.nx(["run", "security:deploy", "-c", "prod"]);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([
      ["security", planOf("prod")],
      ["security", up("prod")],
      ["security", output("prod")],
    ]);
  });

  it("does not deploy when the plan itself fails", () => {
    const result = ws.nx(["run", "security:deploy", "-c", "prod"], { FAKE_PULUMI_FAIL_CALL: "security:preview --json" });

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([["security", planOf("prod")]]);
    expect(result.output).toContain("pulumi preview --json failed for stacks/security (stack prod) with exit status 7: nothing was deployed");
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
    expect(ws.readJson("dist/staging/data/outputs.json")).toEqual({ layer: "data", stack: "staging" });
  });
});

describe("an ephemeral environment: --stack=pr-123", () => {
  it("reaches every upstream layer that `nx run compute:deploy` pulls in, in order", () => {
    const result = ws.nx(["run", "compute:deploy", "--stack=pr-123"]);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual(ORDER.flatMap((layer) => [[layer, up("pr-123")], [layer, output("pr-123")]]));
    expect(ws.readJson("dist/pr-123/compute/outputs.json")).toEqual(waitingComputeOutputs("pr-123"));
  });

  it("wins over a configuration given on the same command line", () => {
    const result = ws.nx(["run-many", "-t", "destroy", "-c", "dev", "--stack=pr-123"]);

    expect(result.status).toBe(0);
    expect(ws.started().filter(([, args]) => args.startsWith("destroy"))).toEqual(
      ["compute", "data", "network", "security"].map((l) => [l, destroy("pr-123")]),
    );
  });

  it("goes after -- when there is one: Nx keeps only what follows it", () => {
    const result = ws.nx(["run", "network:preview", "-c", "dev", "--", "--stack=pr-123", "--diff"]);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([["network", `preview --stack pr-123 --non-interactive ${POLICY} --diff`]]);
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
      expect(ws.readJson(`dist/prod/${layer}/outputs.json`)).toEqual({ layer, stack: "prod" });
    }
  });
});
