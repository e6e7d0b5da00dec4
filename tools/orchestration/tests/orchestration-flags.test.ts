// The real Nx CLI in a sandbox (tests/support/sandbox.ts) with the stand-in `pulumi`: the Pulumi flags
// each target passes after `--` and to which layer, the flags it refuses, and ENVIRONMENT_SUFFIX.
import { Sandbox, urn, type NxResult } from "./support/sandbox";
import { CLUSTER, destroy, ORDER, output, planOf, POLICY, sandboxPerFile, SERVICE, typed, up } from "./support/orchestration";

jest.setTimeout(180_000);

let ws: Sandbox;
sandboxPerFile((s) => (ws = s));

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
  // Each refused command line runs once: the `--yes` run serves its own test and the one that reads
  // the whole list of flags, whichever comes first.
  const runs = new Map<string, { result: NxResult; calls: [string, string][] }>();
  const refusedRun = (args: string[]) => {
    const key = JSON.stringify(args);
    if (!runs.has(key)) {
      ws.reset();
      const result = ws.nx(args);
      runs.set(key, { result, calls: ws.started() });
    }
    return runs.get(key)!;
  };

  it.each([
    [["run", "data:deploy", "-c", "dev", "--", "--yes"], "deploy does not pass this flag to Pulumi: --yes"],
    [["run", "data:deploy", "-c", "dev", "--", "--skip-preview"], "deploy does not pass this flag to Pulumi: --skip-preview"],
    [["run", "data:destroy", "-c", "dev", "--exclude-task-dependencies", "--", "--replace=x"], "destroy does not pass this flag to Pulumi: --replace=x"],
    [["run", "data:outputs", "-c", "dev", "--", "--show-secrets"], "outputs does not pass this flag to Pulumi: --show-secrets"],
    [["run", "data:deploy", "-c", "dev", "--", "-p", "0"], "-p <n> takes a whole number above 0: -p 0"],
  ])("%j, listing the ones it passes", (args, message) => {
    const { result, calls } = refusedRun(args);

    expect(result.status).not.toBe(0);
    expect(calls).toEqual([]);
    expect(result.output).toContain(message);
  });

  it("lists exactly the flags the target passes", () => {
    const { result } = refusedRun(["run", "data:deploy", "-c", "dev", "--", "--yes"]);
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
