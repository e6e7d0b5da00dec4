// The real Nx CLI over the real nx.json, stacks/*/project.json and stacks/*/Pulumi*.yaml, with a
// stand-in `pulumi` first on PATH (tests/support/fake-pulumi) that records its working directory and
// arguments and answers `stack ls --json`, `stack export`, `preview --json` and `stack output --json`
// from a toy state: the order of deploy and destroy, the stacks, the policy pack and the protected-
// environment refusals. Pulumi flags and ENVIRONMENT_SUFFIX: orchestration-flags.test.ts; audit and
// synth's cache: orchestration-audit.test.ts (split only so that Jest runs them side by side).
import path from "node:path";
import { Sandbox, urn, waitingComputeOutputs, type NxResult } from "./support/sandbox";
import { CLUSTER, destroy, expectOneAtATime, exportOf, ORDER, output, planOf, POLICY, printed, STACK_LS, up } from "./support/orchestration";

jest.setTimeout(180_000);

let ws: Sandbox;
beforeAll(() => {
  ws = new Sandbox();
});
afterAll(() => ws.dispose());
beforeEach(() => ws.reset());

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

describe("nx run-many -t destroy", () => {
  it("tears an unprotected environment down in reverse dependency order, one at a time, checking each layer's dependents", () => {
    ws.deployed("dev", ...ORDER);
    const result = ws.nx(["run-many", "-t", "destroy", "-c", "dev"], { FAKE_PULUMI_DELAY: "0.1" });

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([
      ["compute", destroy("dev")],
      ["compute", STACK_LS],
      ["data", destroy("dev")],
      ["data", STACK_LS],
      ["compute", STACK_LS],
      ["network", destroy("dev")],
      ["network", STACK_LS],
      ["data", STACK_LS],
      ["compute", STACK_LS],
      ["security", destroy("dev")],
    ]);
    expectOneAtATime(ws);
    expect(ORDER.map((layer) => ws.resources(layer, "dev"))).toEqual([[], [], [], []]);
  });

  it("refuses a protected environment without --confirm, listing what every layer would lose, and destroys nothing", () => {
    ws.deployed("prod", ...ORDER);
    const result = ws.nx(["run-many", "-t", "destroy", "--stack=prod"]);

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([...ORDER].reverse().map((layer) => [layer, exportOf("prod")]));
    expect(result.output).toContain(
      [
        "refused: destroy of fin-compute, stack prod (stacks/compute)",
        "  why: prod is a protected stack (stack prod is always protected); destroying it loses:",
        "    stacks/compute (fin-compute/prod):",
        "      - alb-logs  aws:s3/bucket:Bucket  (S3 bucket: emptied (forceDestroy), every object version lost)",
        "  and a full teardown (nx run-many -t destroy) destroys next the layers it depends on:",
        "    stacks/data (fin-data/prod):",
        "      - analytics-cluster  aws:rds/cluster:Cluster  (Aurora cluster: deleted without a final snapshot)",
        "      - analytics-writer  aws:rds/clusterInstance:ClusterInstance  (Aurora instance)",
        "      - analytics-reader  aws:rds/clusterInstance:ClusterInstance  (Aurora instance)",
        "      - raw-data  aws:s3/bucket:Bucket  (S3 bucket: emptied (forceDestroy), every object version lost)",
        "      - curated-data  aws:s3/bucket:Bucket  (S3 bucket: emptied (forceDestroy), every object version lost)",
        "      - market-data  aws:kinesis/stream:Stream  (Kinesis stream: unread records lost)",
        "      - aurora-backups  aws:backup/vault:Vault  (backup vault: deleted with every recovery point (forceDestroy))",
        "    stacks/network (fin-network/prod):",
        "      (no stateful resources)",
        "    stacks/security (fin-security/prod):",
        "      - database-key  aws:kms/key:Key  (KMS key: unusable at once, by every layer that encrypts with it)",
        "      - logs-key  aws:kms/key:Key  (KMS key: unusable at once, by every layer that encrypts with it)",
        "      - storage-key  aws:kms/key:Key  (KMS key: unusable at once, by every layer that encrypts with it)",
        "      - backup-key  aws:kms/key:Key  (KMS key: unusable at once, by every layer that encrypts with it)",
        "  to proceed: npx nx run compute:destroy --stack=prod --confirm=prod",
        "  or, the whole environment: npx nx run-many -t destroy --stack=prod --confirm=prod",
      ].join("\n"),
    );
    expect(result.output).toMatch(/Tasks not run because their dependencies failed[^\n]*\n+- security:destroy\n- network:destroy\n- data:destroy\n/);
    expect(ORDER.map((layer) => ws.resources(layer, "prod")?.length)).toEqual([8, 5, 11, 5]);
  });

  it("says so when a layer's state cannot be read, and still refuses", () => {
    ws.deployed("prod", "compute");
    const result = ws.nx(["run", "compute:destroy", "--stack=prod"], { FAKE_PULUMI_FAIL_CALL: "data:stack export" });

    expect(result.status).not.toBe(0);
    expect(result.output).toContain("    stacks/data (fin-data/prod):\n      (could not read its state: pulumi stack export exited 7)");
    // network was never deployed: the CLI finds no stack.
    expect(result.output).toContain("    stacks/network (fin-network/prod):\n      (could not read its state: pulumi stack export exited 255)");
    expect(ws.started().filter(([, args]) => args.startsWith("destroy"))).toEqual([]);
  });

  it("destroys a protected environment with --confirm=<stack>, in order", () => {
    ws.deployed("prod", ...ORDER);
    const result = ws.nx(["run-many", "-t", "destroy", "--stack=prod", "--confirm=prod"]);

    expect(result.status).toBe(0);
    expect(ws.started().filter(([, args]) => args.startsWith("destroy"))).toEqual([...ORDER].reverse().map((layer) => [layer, destroy("prod")]));
    expect(ORDER.map((layer) => ws.resources(layer, "prod"))).toEqual([[], [], [], []]);
  });

  it("refuses a --confirm that names another stack", () => {
    const result = ws.nx(["run-many", "-t", "destroy", "--stack=prod", "--confirm=dev"]);

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain("--confirm=dev does not name the stack being run (prod): it must be --confirm=prod");
  });
});

describe("destroying one layer while the layers that depend on it still have resources", () => {
  // One refused run, recorded before the log is reset: its own test reads what it did and what is
  // left, the next one runs the command it printed.
  let refused: NxResult;
  let refusedCalls: [string, string][];
  let securityLeft: string[] | undefined;
  beforeAll(() => {
    ws.reset();
    ws.deployed("dev", ...ORDER);
    refused = ws.nx(["run", "security:destroy", "-c", "dev", "--exclude-task-dependencies"]);
    refusedCalls = ws.started();
    securityLeft = ws.resources("security", "dev");
  });

  it("refuses security:destroy --exclude-task-dependencies, naming each live dependent and both ways on", () => {
    const result = refused;

    expect(result.status).not.toBe(0);
    expect(refusedCalls).toEqual([
      ["network", STACK_LS],
      ["data", STACK_LS],
      ["compute", STACK_LS],
    ]);
    expect(result.output).toContain(
      [
        "refused: destroy of fin-security, stack dev (stacks/security) while layers that depend on it still have resources",
        "  why: they use what fin-security holds, and AWS does not stop the destroy (a KMS key scheduled for deletion is unusable at once):",
        "    - stacks/network (fin-network/dev): 5 resources",
        "    - stacks/data (fin-data/dev): 11 resources",
        "    - stacks/compute (fin-compute/dev): 5 resources",
        "  to tear down in order instead: npx nx run security:destroy --stack=dev",
        "  to proceed with this layer alone: npx nx run security:destroy --exclude-task-dependencies --stack=dev --confirm=dev",
      ].join("\n"),
    );
    expect(securityLeft).toHaveLength(8);
  });

  it("proceeds with the printed command, warning about each live dependent", () => {
    const proceed = printed(refused.output, "to proceed with this layer alone:");
    ws.deployed("dev", "security", "network");

    const result = ws.shell(proceed);

    expect(result.status).toBe(0);
    expect(result.output).toContain("warning: destroying stacks/security (stack dev) while a layer that depends on it is live: stacks/network (fin-network/dev): 5 resources");
    expect([ws.resources("security", "dev"), ws.resources("network", "dev")?.length]).toEqual([[], 5]);
  });

  it("counts a dependent that cannot be asked as live", () => {
    ws.deployed("dev", "data");
    const result = ws.nx(["run", "data:destroy", "-c", "dev", "--exclude-task-dependencies"], { FAKE_PULUMI_FAIL_CALL: "compute:stack ls" });

    expect(result.status).not.toBe(0);
    expect(result.output).toContain("    - stacks/compute: could not tell, pulumi stack ls --json exited 7");
    expect(ws.resources("data", "dev")).toHaveLength(11);
  });

  it("lets the bottom layer go alone: nothing depends on it", () => {
    ws.deployed("dev", ...ORDER);
    const result = ws.nx(["run", "compute:destroy", "-c", "dev"]);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([["compute", destroy("dev")]]);
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
