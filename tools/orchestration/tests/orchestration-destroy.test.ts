// The real Nx CLI in a sandbox (tests/support/sandbox.ts) with the stand-in `pulumi` and its toy
// state: the order of a teardown, and the refusals that protect a stack and the layers that depend
// on one (ADR 0011).
import { Sandbox, type NxResult } from "./support/sandbox";
import { destroy, expectOneAtATime, exportOf, ORDER, printed, sandboxPerFile, STACK_LS } from "./support/orchestration";

jest.setTimeout(180_000);

let ws: Sandbox;
sandboxPerFile((s) => (ws = s));

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
