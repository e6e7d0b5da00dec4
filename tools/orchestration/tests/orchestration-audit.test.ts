// The real Nx CLI in a sandbox (tests/support/sandbox.ts) with the stand-in `pulumi` and a stand-in
// synth: `nx run-many -t audit` (drift check, then live audit) and what synth's Nx cache replays.
import { Sandbox, urn } from "./support/sandbox";
import { ORDER } from "./support/orchestration";

jest.setTimeout(180_000);


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
        ["security", "stacks/security --stack=dev --check=libs/policies/bin/policy-check.js ENVIRONMENT_SUFFIX=null"],
        ["security", 'stacks/security --stack=dev --check=libs/policies/bin/policy-check.js ENVIRONMENT_SUFFIX=""'],
        ["security", 'stacks/security --stack=dev --check=libs/policies/bin/policy-check.js ENVIRONMENT_SUFFIX=""'],
      ]);
      expect(runs[2].output).toContain("Nx read the output from the cache instead of running the command for 1 out of 1 tasks.");
    } finally {
      cached.dispose();
    }
  });
});
