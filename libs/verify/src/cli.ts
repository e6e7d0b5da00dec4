import * as fs from "node:fs";
import * as path from "node:path";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LAYERS } from "@fin/config";
import { RunOptions, matchingCheckIds, runChecks } from "./check";
import { createClients, destroyClients } from "./clients";
import { classifyAwsError } from "./errors";
import { readExpectations } from "./expectations";
import { parseLayerInvocation } from "./invocation";
import { checksForLayer } from "./layers";
import { MissingPrerequisiteError, loadLayerOutputs, loadNetworkHost, reportPath } from "./outputs";
import { IntegrationReport, formatReport, isPassing, summarize } from "./report";

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export interface CliDeps {
  readonly now?: () => number;
  readonly run?: RunOptions;
}

const USAGE =
  "usage: integration <stack-dir> --stack=<name> [--dist=<dir>] [--skip=<check-id>,...]   (or VERIFY_SKIP=<id>,...)\n" +
  "  reads dist/<stack>/<layer>/outputs.json (written by deploy), checks the live resources,\n" +
  "  writes dist/<stack>/<layer>/integration.json. Honours AWS_REGION (default us-east-2),\n" +
  "  AWS_ENDPOINT_URL (an emulator) and the SDK's credential chain (AWS_PROFILE, ...).";

const CREDENTIALS_HELP =
  "Sign in first, e.g. `aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>`, or export " +
  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (against moto_server any non-empty values work).";

/** `integration <stackDir> --stack=<env>`: returns the exit code; 0 only when every check passed. */
export async function integrationCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  workspaceRoot: string,
  deps: CliDeps = {},
): Promise<number> {
  const { flags, positional, stack, layer, distRoot, region, endpoint } = parseLayerInvocation(argv, env, workspaceRoot);
  if (positional.length !== 1 || !stack) {
    io.err(USAGE);
    return 2;
  }
  if (!LAYERS.includes(layer)) {
    io.err(`integration: ${positional[0]} is not a layer (expected one of ${LAYERS.join(", ")})\n${USAGE}`);
    return 2;
  }

  let outputs;
  let host;
  try {
    outputs = loadLayerOutputs(distRoot, layer, stack, workspaceRoot);
    host = loadNetworkHost(distRoot, layer, stack, workspaceRoot);
  } catch (error) {
    io.err(`integration ${layer}/${stack} cannot run: ${(error as MissingPrerequisiteError).message}`);
    return 1;
  }
  // The configured values some checks judge (autoscaling bounds, writer and reader names) come from
  // the environment's synthesized plan; without it those checks say "unknown" and why.
  const checks = checksForLayer(layer, outputs, region, { expectations: readExpectations(distRoot, stack, layer, workspaceRoot), ...(host ? { host } : {}) });
  const ids = (list: string | undefined) => (list ?? "").split(",").filter((id) => id !== "");
  const matching = (id: string) => matchingCheckIds(checks, id);
  const known = (id: string) => matching(id).length > 0;
  // `--skip` names this layer's checks, so a typo is an error; VERIFY_SKIP spans every layer of a
  // `run-many`, so each layer takes only its own ids from it.
  const named = [...ids(flags.get("skip")), ...ids(env.VERIFY_SKIP).filter(known)];
  const unknown = named.filter((id) => !known(id));
  const skip = [...new Set(named.flatMap(matching))];
  if (unknown.length > 0) {
    io.err(`integration ${layer}/${stack}: unknown check id(s) to skip: ${unknown.join(", ")}; this layer has ${checks.map((c) => c.id).join(", ")}`);
    return 2;
  }

  const aws = createClients({ region, ...(endpoint ? { endpoint } : {}) });
  try {
    let account: string;
    try {
      account = (await aws.sts.send(new GetCallerIdentityCommand({}))).Account ?? "unknown";
    } catch (error) {
      const { kind, code, message } = classifyAwsError(error);
      const reason =
        code === "CredentialsProviderError"
          ? `no AWS credentials found (${message}). ${CREDENTIALS_HELP}`
          : kind === "access-denied"
            ? `the AWS credentials were rejected (${code}: ${message}). ${CREDENTIALS_HELP}`
            : `could not confirm the AWS identity at ${endpoint ?? `the ${region} STS endpoint`} (${code}: ${message})`;
      io.err(`integration ${layer}/${stack} cannot run: ${reason}`);
      return 1;
    }
    const now = deps.now ?? Date.now;
    const started = now();
    const results = await runChecks(checks, aws, { now, ...deps.run, skip });
    const summary = summarize(results);
    const report: IntegrationReport = {
      layer,
      stack,
      region,
      endpoint: endpoint ?? null,
      account,
      startedAt: new Date(started).toISOString(),
      durationMs: now() - started,
      passed: isPassing(summary),
      summary,
      results,
    };
    const file = reportPath(distRoot, layer, stack);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    (report.passed ? io.out : io.err)(formatReport(report, path.relative(workspaceRoot, file)));
    return report.passed ? 0 : 1;
  } finally {
    destroyClients(aws);
  }
}
