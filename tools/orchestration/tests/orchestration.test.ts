// The real Nx CLI over the real nx.json, stacks/*/project.json and stacks/*/Pulumi*.yaml, with a
// stand-in `pulumi` first on PATH (tests/support/fake-pulumi) that records its working directory and
// arguments and answers `stack ls --json`, `stack export`, `preview --json` and `stack output --json`
// from a toy state.
import path from "node:path";
import { Sandbox, urn, waitingComputeOutputs } from "./support/sandbox";

jest.setTimeout(180_000);

const ORDER = ["security", "network", "data", "compute"];
const POLICY = "--policy-pack ../../libs/policies";
const up = (stack: string, flags = "") => `up --yes --stack ${stack} --non-interactive ${POLICY}${flags}`;
const output = (stack: string) => `stack output --json --stack ${stack} --non-interactive`;
const destroy = (stack: string, flags = "") => `destroy --yes --stack ${stack} --non-interactive${flags}`;
const STACK_LS = "stack ls --json --non-interactive";
const exportOf = (stack: string) => `stack export --stack ${stack} --non-interactive`;
const planOf = (stack: string, flags = "") => `preview --json --stack ${stack} --non-interactive${flags}`;

/**
 * A URN as a user types it inside single quotes after `--`: each `$` as `\$`, since Nx hands the
 * value to a shell in double quotes (see "a URN whose $ a shell expanded").
 */
const typed = (text: string) => text.replace(/\$/g, "\\$");

const CLUSTER = (stack: string) => urn(stack, "data", "fin:data:AuroraCluster$aws:rds/cluster:Cluster", "analytics-cluster");
const SERVICE = (stack: string) => urn(stack, "compute", "fin:compute:FargateService$aws:ecs/service:Service", "analytics");

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

/** The command a refusal prints after `label`, e.g. "to proceed:". */
function printed(outputText: string, label: string): string {
  const line = outputText.split("\n").find((l) => l.trim().startsWith(label));
  if (line === undefined) throw new Error(`no "${label}" line in:\n${outputText}`);
  return line.trim().slice(label.length).trim();
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

  it("checks each layer's plan first, refuses at data before its update and runs nothing after it", () => {
    ws.deployed("prod", ...ORDER);
    ws.plan("data", "prod", replacing);

    const result = ws.nx(["run-many", "-t", "deploy", "-c", "prod"]);

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([
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
    ws.deployed("prod", ...ORDER);
    ws.plan("data", "prod", replacing);
    const proceed = printed(ws.nx(["run", "data:deploy", "-c", "prod", "--exclude-task-dependencies"]).output, "to proceed:");
    ws.reset();
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
    expectOneAtATime();
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
  it("refuses security:destroy --exclude-task-dependencies, naming each live dependent and both ways on", () => {
    ws.deployed("dev", ...ORDER);
    const result = ws.nx(["run", "security:destroy", "-c", "dev", "--exclude-task-dependencies"]);

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([
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
    expect(ws.resources("security", "dev")).toHaveLength(8);
  });

  it("proceeds with the printed command, warning about each live dependent", () => {
    ws.deployed("dev", "security", "network");
    const proceed = printed(ws.nx(["run", "security:destroy", "-c", "dev", "--exclude-task-dependencies"]).output, "to proceed with this layer alone:");
    ws.reset();
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

describe("Pulumi flags after --", () => {
  it("--target goes only to the layer its URN names; the layers before it have nothing to do", () => {
    const target = SERVICE("dev");
    const result = ws.nx(["run", "compute:deploy", "-c", "dev", "--", `--target=${typed(target)}`, "--target-dependents", "--diff"]);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([
      ["compute", up("dev", ` --target ${target} --target-dependents --diff`)],
      ["compute", output("dev")],
    ]);
    for (const layer of ["security", "network", "data"]) {
      expect(result.output).toContain(`fin-${layer}: nothing to do, every --target names a resource of fin-compute`);
    }
  });

  it("reach every layer of a run-many: --diff, --refresh, --expect-no-changes, -p and --message", () => {
    const result = ws.nx(["run-many", "-t", "preview", "-c", "dev", "--", "--diff", "--refresh", "--expect-no-changes", "-p", "4", "--message", "nightly check"]);

    expect(result.status).toBe(0);
    expect(ws.started().sort()).toEqual(
      ORDER.map((layer) => [layer, `preview --stack dev --non-interactive ${POLICY} --diff --refresh --expect-no-changes --parallel 4 --message nightly check`]).sort(),
    );
  });

  it("--replace and --exclude go to the layer they name, on deploy", () => {
    const cluster = CLUSTER("dev");
    const bucket = urn("dev", "compute", "fin:compute:AlbLogBucket$aws:s3/bucket:Bucket", "alb-logs");
    const result = ws.shell(
      `npx nx run compute:deploy -- --stack=dev '--replace=${typed(cluster)}' '--exclude=${typed(bucket)}' --refresh=false`,
    );

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([
      ["security", up("dev", " --refresh=false")],
      ["security", output("dev")],
      ["network", up("dev", " --refresh=false")],
      ["network", output("dev")],
      ["data", up("dev", ` --replace ${cluster} --refresh=false`)],
      ["data", output("dev")],
      ["compute", up("dev", ` --exclude ${bucket} --refresh=false`)],
      ["compute", output("dev")],
    ]);
  });

  it("pass to destroy and refresh: a targeted destroy removes only its target", () => {
    ws.deployed("dev", "compute");
    const destroyed = ws.nx(["run", "compute:destroy", "-c", "dev", "--", `--target=${typed(SERVICE("dev"))}`, "--exclude-dependents=false"]);
    expect(destroyed.status).not.toBe(0);
    expect(destroyed.output).toContain("destroy does not pass this flag to Pulumi: --exclude-dependents=false");

    const result = ws.nx(["run", "compute:destroy", "-c", "dev", "--", "--target", typed(SERVICE("dev")), "--message", "retire"]);
    const refreshed = ws.nx(["run", "compute:refresh", "-c", "dev", "--", "--expect-no-changes", "--diff=false"]);

    expect([result.status, refreshed.status]).toEqual([0, 0]);
    expect(ws.started()).toEqual([
      ["compute", destroy("dev", ` --target ${SERVICE("dev")} --message retire`)],
      ["compute", "refresh --yes --stack dev --non-interactive --expect-no-changes --diff=false"],
    ]);
    expect(ws.resources("compute", "dev")).toHaveLength(4);
  });

  it("a protected deploy's plan covers the same --target scope", () => {
    ws.deployed("prod", "data");
    const result = ws.shell(`npx nx run data:deploy --exclude-task-dependencies -- --stack=prod '--target=${typed(CLUSTER("prod"))}' --diff`);

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([
      ["data", planOf("prod", ` --target ${CLUSTER("prod")}`)],
      ["data", up("prod", ` --target ${CLUSTER("prod")} --diff`)],
      ["data", output("prod")],
    ]);
  });
});

describe("flags that are not passed through stop the run", () => {
  it.each([
    [["run", "data:deploy", "-c", "dev", "--", "--yes"], "deploy does not pass this flag to Pulumi: --yes"],
    [["run", "data:deploy", "-c", "dev", "--", "--skip-preview"], "deploy does not pass this flag to Pulumi: --skip-preview"],
    [["run", "data:destroy", "-c", "dev", "--exclude-task-dependencies", "--", "--replace=x"], "destroy does not pass this flag to Pulumi: --replace=x"],
    [["run", "data:outputs", "-c", "dev", "--", "--show-secrets"], "outputs does not pass this flag to Pulumi: --show-secrets"],
    [["run", "data:deploy", "-c", "dev", "--", "-p", "0"], "-p <n> takes a whole number above 0: -p 0"],
  ])("%j, listing the ones it passes", (args, message) => {
    const result = ws.nx(args);

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain(message);
  });

  it("lists exactly the flags the target passes", () => {
    const result = ws.nx(["run", "data:deploy", "-c", "dev", "--", "--yes"]);
    expect(result.output).toContain(
      "  deploy passes these Pulumi flags, after --: --target=<urn>, --target-dependents, --replace=<urn>, --exclude=<urn>, --diff, " +
        "--refresh, --expect-no-changes, -p <n>, --message=<text>\n  besides its own --stack=<name> and --confirm=<stack> (see docs/deploy.md)",
    );
  });

  it("an unknown flag before -- reaches the target too and is refused", () => {
    const result = ws.nx(["run", "data:deploy", "-c", "dev", "--skip-preview"]);
    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain("deploy does not pass this flag to Pulumi: --skip-preview");
  });

  it("--parallel=<n> is Nx's run-commands option: Nx stops before any task runs (so -p <n> is the spelling)", () => {
    const result = ws.nx(["run", "data:deploy", "-c", "dev", "--", "--parallel=4"]);
    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain("Property 'parallel' does not match the schema. '4' should be a 'boolean'.");
  });

  it("a URN whose $ a shell expanded is refused with the way to quote it", () => {
    // Nx hands the value to a shell in double quotes, so this $aws expands to nothing.
    const result = ws.nx(["run", "data:deploy", "-c", "dev", "--exclude-task-dependencies", "--", `--target=${CLUSTER("dev")}`]);

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain(
      "--target urn:pulumi:dev::fin-data::fin:data:AuroraCluster:rds/cluster:Cluster::analytics-cluster has the type " +
        "'fin:data:AuroraCluster:rds/cluster:Cluster', which is not <package>:<module>:<Type>: a '$' in the URN was probably expanded by a shell",
    );
  });

  it("a URN of another stack is refused", () => {
    const result = ws.nx(["run", "data:deploy", "-c", "dev", "--exclude-task-dependencies", "--", `--target=${urn("prod", "data", "aws:s3/bucket:Bucket", "raw")}`]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(`--target ${urn("prod", "data", "aws:s3/bucket:Bucket", "raw")} is a resource of stack prod, not of dev`);
  });
});

describe("ENVIRONMENT_SUFFIX", () => {
  it("may not rename a stack whose config names its suffix: one message naming both, before Pulumi runs", () => {
    const result = ws.nx(["run", "data:deploy", "-c", "prod"], { ENVIRONMENT_SUFFIX: "pr-123" });

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain(
      [
        "refused: deploy of fin-security, stack prod (stacks/security)",
        "  why: ENVIRONMENT_SUFFIX 'pr-123' differs from the stack config's environmentSuffix 'prod': a stack that names its suffix keeps it " +
          "(another suffix renames, so replaces, every named resource); unset ENVIRONMENT_SUFFIX, or use it only for a stack whose config leaves environmentSuffix unset",
        "  to proceed: env -u ENVIRONMENT_SUFFIX npx nx run security:deploy --stack=prod",
      ].join("\n"),
    );
  });

  it("may not be empty", () => {
    const result = ws.nx(["run", "network:preview", "-c", "dev"], { ENVIRONMENT_SUFFIX: "" });

    expect(result.status).not.toBe(0);
    expect(ws.started()).toEqual([]);
    expect(result.output).toContain(
      "why: ENVIRONMENT_SUFFIX is set but empty: unset it to use the stack config's environmentSuffix 'dev', or set it to the ephemeral stack's suffix",
    );
  });

  it("names an ephemeral stack, which has no suffix of its own", () => {
    const result = ws.nx(["run", "network:preview", "--stack=pr-123"], { ENVIRONMENT_SUFFIX: "pr-123" });

    expect(result.status).toBe(0);
    expect(ws.started()).toEqual([["network", `preview --stack pr-123 --non-interactive ${POLICY}`]]);
  });

  it("does not matter to destroy, which works from the state", () => {
    const result = ws.nx(["run", "compute:destroy", "-c", "dev"], { ENVIRONMENT_SUFFIX: "pr-123" });
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

describe("nx run-many -t audit -c <env>", () => {
  // Its own sandbox with the lockfile: audit depends on synth, whose cache key hashes external dependencies.
  let audit: Sandbox;
  beforeAll(() => {
    audit = new Sandbox({ lockfile: true });
  });
  afterAll(() => audit.dispose());
  beforeEach(() => audit.reset());

  const DRIFT_CHECK = (stack: string) => `preview --expect-no-changes --refresh --json --stack ${stack} --non-interactive`;
  const calls = () =>
    audit
      .events()
      .filter((e) => e.event === "start" || e.event === "audit")
      .map((e) => [e.event, e.layer, e.args])
      .sort();

  it("runs each layer's read-only drift check, then its live audit, on the env's stack: no drift, exit 0", () => {
    audit.deployed("prod", ...ORDER);
    const result = audit.nx(["run-many", "-t", "audit", "-c", "prod"]);

    expect(result.status).toBe(0);
    // No protected-stack refusal although prod is protected: nothing changes.
    expect(calls()).toEqual(ORDER.flatMap((layer) => [["audit", layer, `stacks/${layer} --stack=prod drift=none`], ["start", layer, DRIFT_CHECK("prod")]]).sort());
    // synth ran first for each layer: the live checks read the configured values from the plan.
    expect(audit.events().filter((e) => e.event === "synth").map((e) => e.layer).sort()).toEqual([...ORDER].sort());
    for (const layer of ORDER) {
      expect(audit.readJson(`dist/prod/${layer}/drift.json`)).toMatchObject({ layer, stack: "prod", status: "none", exitStatus: 0, resources: [] });
      expect(result.output).toContain(`no drift in stacks/${layer} (stack prod)`);
    }
    // The live audit runs from the workspace root.
    expect(audit.events().filter((e) => e.event === "audit").every((e) => e.cwd === audit.root)).toBe(true);
  });

  it("reports drift with the resources and properties, still runs the live audit, and exits non-zero", () => {
    audit.deployed("dev", ...ORDER);
    const bucket = urn("dev", "data", "fin:data:DataLake$aws:s3/bucketVersioning:BucketVersioning", "lake-raw");
    audit.plan("data", "dev", {
      steps: [
        { op: "same", urn: urn("dev", "data", "aws:s3/bucket:Bucket", "lake-raw") },
        { op: "update", urn: bucket, diffReasons: ["versioningConfiguration"], detailedDiff: { "versioningConfiguration.status": { kind: "update" } } },
      ],
      changeSummary: { same: 1, update: 1 },
    });
    const result = audit.nx(["run-many", "-t", "audit", "-c", "dev", "--wait-seconds=30"]);

    expect(result.status).not.toBe(0);
    expect(result.output).toContain("drift in stacks/data (stack dev): 1 resources differ from the code:");
    expect(result.output).toContain("  - update: lake-raw  aws:s3/bucketVersioning:BucketVersioning  [versioningConfiguration, versioningConfiguration.status]");
    expect(audit.readJson("dist/dev/data/drift.json")).toMatchObject({
      status: "drift",
      exitStatus: 7,
      resources: [{ urn: bucket, type: "aws:s3/bucketVersioning:BucketVersioning", name: "lake-raw", op: "update", properties: ["versioningConfiguration", "versioningConfiguration.status"] }],
    });
    // The other layers are audited all the same, and --wait-seconds reaches every live audit.
    expect(calls().filter(([event]) => event === "audit")).toEqual(
      ORDER.map((layer) => ["audit", layer, `stacks/${layer} --stack=dev --wait-seconds=30 drift=${layer === "data" ? "drift" : "none"}`]).sort(),
    );
  });

  it("treats a failed preview as an unknown drift, never as none, and exits non-zero", () => {
    audit.deployed("dev", ...ORDER);
    const result = audit.nx(["run", "network:audit", "-c", "dev"], { FAKE_PULUMI_FAIL_CALL: "network:preview --expect-no-changes" });

    expect(result.status).not.toBe(0);
    expect(result.output).toContain("pulumi preview exited 7 without a JSON plan (see its output above): the drift of network/dev is unknown");
    expect(audit.readJson("dist/dev/network/drift.json")).toMatchObject({ status: "failed", exitStatus: 7, resources: [] });
    expect(calls()).toEqual([
      ["audit", "network", "stacks/network --stack=dev drift=failed"],
      ["start", "network", DRIFT_CHECK("dev")],
    ]);
  });

  it("fails when the live audit fails, with its status", () => {
    audit.deployed("dev", ...ORDER);
    const result = audit.nx(["run", "security:audit", "-c", "dev"], { FAKE_AUDIT_STATUS: "1" });
    expect(result.status).not.toBe(0);
    expect(audit.readJson("dist/dev/security/drift.json")).toMatchObject({ status: "none" });
  });

  it("refuses a --wait-seconds that is not a whole number, and Pulumi flags", () => {
    const bad = audit.nx(["run", "security:audit", "-c", "dev", "--wait-seconds=soon"]);
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain("--wait-seconds takes a whole number of seconds (0 or more): --wait-seconds=soon");
    const flag = audit.nx(["run", "security:audit", "-c", "dev", "--", "--diff"]);
    expect(flag.output).toContain("audit does not pass this flag to Pulumi: --diff\n  audit passes no Pulumi flags");
    expect(audit.events().filter((e) => e.event === "start")).toEqual([]);
  });
});

describe("synth's Nx cache", () => {
  it("never replays a success for an empty ENVIRONMENT_SUFFIX, which Nx's env input hashes like an unset one", () => {
    const cached = new Sandbox({ lockfile: true });
    try {
      const envs: Record<string, string>[] = [{}, { ENVIRONMENT_SUFFIX: "" }, {}, { ENVIRONMENT_SUFFIX: "" }];
      const runs = envs.map((env) => cached.nx(["run", "security:synth"], env, { cache: true }));

      expect(runs.map((r) => r.status)).toEqual([0, 1, 0, 1]);
      // The second unset run is a cache hit; each empty run runs (and fails) again.
      expect(cached.started()).toEqual([
        ["security", "stacks/security --stack=dev ENVIRONMENT_SUFFIX=null"],
        ["security", 'stacks/security --stack=dev ENVIRONMENT_SUFFIX=""'],
        ["security", 'stacks/security --stack=dev ENVIRONMENT_SUFFIX=""'],
      ]);
      expect(runs[2].output).toContain("Nx read the output from the cache instead of running the command for 1 out of 1 tasks.");
    } finally {
      cached.dispose();
    }
  });
});
