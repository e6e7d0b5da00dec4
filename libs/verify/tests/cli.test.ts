import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { integrationCli } from "../src/cli";
import { ACCOUNT, OUTPUTS, awsError, without } from "./support/fixtures";

const sts = mockClient(STSClient);
const kms = mockClient(KMSClient);

let root: string;
let out: string[];
let err: string[];
const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
const ENV = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" };

function writeOutputs(layer: keyof typeof OUTPUTS, content: unknown, stack = "dev") {
  const dir = path.join(root, "dist", stack, layer);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "outputs.json"), typeof content === "string" ? content : JSON.stringify(content));
}

function healthyKeys(rotation = true) {
  kms.on(DescribeKeyCommand).callsFake((input: { KeyId: string }) => ({
    KeyMetadata: { KeyId: input.KeyId.split("/").pop(), Arn: input.KeyId, KeyState: "Enabled", KeyManager: "CUSTOMER", Enabled: true },
  }));
  kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: rotation });
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-cli-"));
  out = [];
  err = [];
  sts.reset();
  kms.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-ci/session`, UserId: "AROAEXAMPLE:session" });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("integrationCli arguments", () => {
  it.each([[[]], [["stacks/data"]], [["stacks/data", "stacks/network", "--stack=dev"]]])("prints usage for %j", async (argv) => {
    expect(await integrationCli(argv, ENV, io, root)).toBe(2);
    expect(err[0]).toMatch(/^usage: integration <stack-dir> --stack=<name>/);
  });

  it("rejects a directory that is not a layer", async () => {
    expect(await integrationCli(["stacks/billing", "--stack=dev"], ENV, io, root)).toBe(2);
    expect(err[0]).toMatch(/^integration: stacks\/billing is not a layer \(expected one of security, network, data, compute\)/);
  });
});

describe("integrationCli prerequisites", () => {
  it("names the missing outputs file and the deploy command, without calling AWS", async () => {
    expect(await integrationCli(["stacks/data", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err).toEqual([
      "integration data/dev cannot run: no deployed outputs for data/dev: dist/dev/data/outputs.json does not exist. Deploy it first: npx nx run data:deploy -c dev",
    ]);
    expect(sts.calls()).toHaveLength(0);
  });

  it("names a missing upstream layer", async () => {
    writeOutputs("network", OUTPUTS.network, "staging");
    expect(await integrationCli(["stacks/network", "--stack=staging"], ENV, io, root)).toBe(1);
    expect(err[0]).toContain("no deployed outputs for security/staging: dist/staging/security/outputs.json does not exist. Deploy it first: npx nx run security:deploy -c staging");
  });

  it("rejects unreadable, non-object and incomplete outputs", async () => {
    writeOutputs("security", "{not json");
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err.pop()).toMatch(/dist\/dev\/security\/outputs.json is not valid JSON \(.*\)\. Re-run npx nx run security:deploy -c dev$/);
    writeOutputs("security", "[1,2]");
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err.pop()).toContain("is not a JSON object of stack outputs. Re-run npx nx run security:deploy -c dev");
    writeOutputs("security", "null");
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err.pop()).toContain("is not a JSON object of stack outputs");
    writeOutputs("security", without(OUTPUTS.security, "backupKeyArn", "backupKeyAlias"));
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err.pop()).toContain("lacks contract outputs backupKeyArn, backupKeyAlias (deployed from an older revision?)");
  });

  it("rejects an unknown check id to skip", async () => {
    writeOutputs("security", OUTPUTS.security);
    expect(await integrationCli(["stacks/security", "--stack=dev", "--skip=kms.nope"], ENV, io, root)).toBe(2);
    expect(err[0]).toBe("integration security/dev: unknown check id(s) to skip: kms.nope; this layer has kms.database, kms.logs, kms.storage, kms.backup");
  });

  it("says how to sign in when there are no credentials", async () => {
    writeOutputs("security", OUTPUTS.security);
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    expect(await integrationCli(["stacks/security", "--stack=dev"], {}, io, root)).toBe(1);
    expect(err[0]).toBe(
      "integration security/dev cannot run: no AWS credentials found (Could not load credentials from any providers). Sign in first, e.g. " +
        "`aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>`, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY " +
        "(against moto_server any non-empty values work).",
    );
    expect(fs.existsSync(path.join(root, "dist/dev/security/integration.json"))).toBe(false);
  });

  it("says so when the credentials are rejected", async () => {
    writeOutputs("security", OUTPUTS.security);
    sts.on(GetCallerIdentityCommand).rejects(awsError("ExpiredToken", "The security token included in the request is expired", 403));
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err[0]).toMatch(/^integration security\/dev cannot run: the AWS credentials were rejected \(ExpiredToken: The security token included in the request is expired\)\. Sign in first/);
  });

  it("names the endpoint it could not reach", async () => {
    writeOutputs("security", OUTPUTS.security);
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5999"), { name: "Error", code: "ECONNREFUSED" }));
    expect(await integrationCli(["stacks/security", "--stack=dev"], { ...ENV, AWS_ENDPOINT_URL: "http://127.0.0.1:5999" }, io, root)).toBe(1);
    expect(err[0]).toBe("integration security/dev cannot run: could not confirm the AWS identity at http://127.0.0.1:5999 (Error: connect ECONNREFUSED 127.0.0.1:5999)");
    err = [];
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err[0]).toContain("could not confirm the AWS identity at the us-east-2 STS endpoint");
  });
});

describe("integrationCli runs", () => {
  it("passes, prints the report and writes it as JSON", async () => {
    writeOutputs("security", OUTPUTS.security);
    healthyKeys();
    let t = Date.parse("2026-11-25T09:00:00.000Z");
    const code = await integrationCli(["stacks/security", "--stack=dev"], { ...ENV, AWS_REGION: "us-east-2" }, io, root, { now: () => (t += 100) });
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(out[0].split("\n")[0]).toBe("integration security/dev: account 123456789012, region us-east-2");
    expect(out[0].split("\n").at(-1)).toBe("PASSED: 4 passed, 0 failed, 0 errors, 0 skipped of 4 checks in 0.9s -> dist/dev/security/integration.json");
    const report = JSON.parse(fs.readFileSync(path.join(root, "dist/dev/security/integration.json"), "utf8"));
    expect(report).toMatchObject({
      layer: "security",
      stack: "dev",
      region: "us-east-2",
      endpoint: null,
      account: ACCOUNT,
      startedAt: "2026-11-25T09:00:00.100Z",
      durationMs: 900,
      passed: true,
      summary: { total: 4, passed: 4, failed: 0, errors: 0, skipped: 0, waiting: 0, unknown: 0, pending: 0 },
    });
    expect(report.results[2]).toEqual({
      id: "kms.storage",
      title: "KMS key for storage is customer managed, enabled and rotated",
      resource: "alias/storage-key-dev",
      status: "pass",
      expected: { keyState: "Enabled", keyManager: "CUSTOMER", rotation: true },
      observed: { keyState: "Enabled", keyManager: "CUSTOMER", rotation: true },
      attempts: 1,
      durationMs: 100,
    });
  });

  it("exits 1 and prints to stderr when a check fails", async () => {
    writeOutputs("security", OUTPUTS.security);
    healthyKeys(false);
    expect(await integrationCli(["stacks/security", "--stack=dev"], { ...ENV, AWS_ENDPOINT_URL: "http://127.0.0.1:5000" }, io, root)).toBe(1);
    expect(out).toEqual([]);
    expect(err[0]).toContain("  FAIL  kms.database  KMS key for database is customer managed, enabled and rotated  [alias/database-key-dev]");
    expect(err[0]).toContain('observed {"keyState":"Enabled","keyManager":"CUSTOMER","rotation":false}');
    expect(err[0].split("\n")[0]).toBe("integration security/dev: account 123456789012, region us-east-2, endpoint http://127.0.0.1:5000");
  });

  it("reads the outputs from --dist and skips what VERIFY_SKIP lists, never passing on skips alone", async () => {
    const dist = path.join(root, "elsewhere");
    fs.mkdirSync(path.join(dist, "dev", "security"), { recursive: true });
    fs.writeFileSync(path.join(dist, "dev", "security", "outputs.json"), JSON.stringify(OUTPUTS.security));
    healthyKeys();
    const skipAll = { ...ENV, VERIFY_SKIP: "kms.database,kms.logs,kms.storage,kms.backup,ecs.service.tasks-running" };
    expect(await integrationCli(["stacks/security", "--stack=dev", `--dist=${dist}`], skipAll, io, root)).toBe(1);
    expect(err[0].split("\n").at(-1)).toMatch(/^FAILED: 0 passed, 0 failed, 0 errors, 4 skipped of 4 checks/);
    expect(await integrationCli(["stacks/security", "--stack=dev", `--dist=${dist}`, "--skip=kms.logs"], ENV, io, root)).toBe(0);
    expect(out[0].split("\n").at(-1)).toMatch(/^PASSED: 3 passed, 0 failed, 0 errors, 1 skipped of 4 checks .* -> elsewhere\/dev\/security\/integration.json$/);
  });

  it("reports an AWS error per check and keeps going", async () => {
    writeOutputs("security", OUTPUTS.security);
    healthyKeys();
    kms.on(DescribeKeyCommand, { KeyId: OUTPUTS.security.logsKeyArn }).rejects(awsError("AccessDeniedException", "not authorized to perform kms:DescribeKey", 400));
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err[0]).toContain("  UNKN  kms.logs  KMS key for logs is customer managed, enabled and rotated  [alias/logs-key-dev]\n         access-denied: AccessDeniedException: not authorized to perform kms:DescribeKey");
    expect(err[0].split("\n").at(-1)).toMatch(/^FAILED: 3 passed, 0 failed, 0 errors, 0 skipped, 1 unknown of 4 checks/);
  });

  it("reports an unknown account when STS leaves it out", async () => {
    writeOutputs("security", OUTPUTS.security);
    healthyKeys();
    sts.on(GetCallerIdentityCommand).resolves({});
    expect(await integrationCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(0);
    expect(out[0]).toMatch(/^integration security\/dev: account unknown,/);
  });
});
