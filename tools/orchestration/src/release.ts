// `release <projectRoot> --stack=<name> --service=<name> --tag=<tag|sha256:digest> [--confirm=<stack>]`:
// the command behind `nx run compute:release`. It takes an image already pushed to ONE catalog
// service's ECR repository to running tasks (ADR 0013, ADR 0017): checks the service against the
// deployed `services` output, checks that its repository holds the tag and reads its digest, sets
// `imageTags.<service>` in the stack config, deploys the layer through the same wrapper as the deploy
// target (so the protected-stack checks still apply), checks that this service's task definition now
// pins that digest, and waits, bounded, until this service is stable. The other services keep their
// images. A rollback is the same command with the old tag.
import fs from "node:fs";
import path from "node:path";
import { runCli, CliContext } from "./cli";
import { outputsFile, STACK_NAME } from "./commands";
import { UsageError } from "./flags";
import { Refusal, REFUSED_STATUS } from "./guards";
import { Env, isExecutableFile, pulumiEnv, resolvePulumi, RunResult, spawnRunner } from "./pulumi-cli";

/** Docker's tag grammar, or a manifest digest: the same rule as the compute layer's `imageTag` key. */
export const IMAGE_TAG = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/;
/** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>`, as ECR's `repositoryUri`. */
const REPOSITORY_URL = /^\d{12}\.dkr\.ecr\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*)$/;

const USAGE = "usage: release <projectRoot> --stack=<name> --service=<name> --tag=<tag|sha256:<digest>> [--confirm=<stack>]";

export interface ReleaseRequest {
  readonly projectRoot: string;
  readonly stack: string;
  readonly tag: string;
  /** Checked against the deployed `services` output, which is the only list of services that exist. */
  readonly service: string | undefined;
  readonly confirm: string | undefined;
}

/** Parses the release arguments as Nx forwards them (`--stack=<env>` from `-c`, then the user's). */
export function parseRelease(argv: readonly string[]): ReleaseRequest {
  const positional: string[] = [];
  const values: Record<"stack" | "service" | "tag" | "confirm", string[]> = { stack: [], service: [], tag: [], confirm: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--(stack|service|tag|confirm)(?:=(.*))?$/.exec(arg);
    if (!arg.startsWith("-")) {
      positional.push(arg);
    } else if (match) {
      const inline = match[2];
      if (inline === undefined && i + 1 >= argv.length) throw new UsageError(`a value is missing after ${arg}\n${USAGE}`);
      values[match[1] as keyof typeof values].push(inline ?? argv[++i]);
    } else {
      throw new UsageError(`release takes no flag ${arg}\n${USAGE}`);
    }
  }
  if (positional.length !== 1) throw new UsageError(`${USAGE}\n  got: ${argv.join(" ") || "(nothing)"}`);
  const stack = values.stack.at(-1) ?? "";
  if (stack === "") throw new UsageError(`no stack selected for the release: pass -c dev|staging|prod, or --stack=<name>\n${USAGE}`);
  if (!STACK_NAME.test(stack)) throw new UsageError(`stack "${stack}" is not a plain Pulumi stack name`);
  const tag = values.tag.at(-1);
  if (tag === undefined) throw new UsageError(`no image given: pass --tag=<tag> (after --), e.g. npx nx run compute:release -c ${stack} -- --service=api --tag=1.2.0\n${USAGE}`);
  if (!IMAGE_TAG.test(tag)) {
    throw new UsageError(`--tag "${tag}" is not an image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>: give the tag alone, not <repository>:<tag>`);
  }
  return { projectRoot: positional[0], stack, tag, service: values.service.at(-1), confirm: values.confirm.at(-1) };
}

/** The `aws` CLI on PATH (AWS CLI v2). */
export function resolveAws(env: Env, isExecutable = isExecutableFile): string {
  const found = (env.PATH ?? "")
    .split(path.delimiter)
    .filter((d) => d !== "")
    .map((d) => path.join(d, "aws"))
    .find((c) => isExecutable(c));
  if (found === undefined) {
    throw new UsageError("aws CLI not found on PATH: the release reads the image from ECR and waits for ECS with it (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)");
  }
  return found;
}

export interface ReleaseContext extends CliContext {
  readonly resolveAwsCli?: (env: Env) => string;
}

/** Where the service's image lives and runs, from the layer's deployed outputs. */
interface Target {
  readonly service: string;
  readonly repositoryUrl: string;
  readonly repositoryName: string;
  readonly region: string;
  readonly clusterName: string;
  readonly serviceName: string;
}

function parseOutputs(stdout: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(stdout) as unknown;
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new Error(`pulumi stack output --json did not print a JSON object: ${stdout.slice(0, 200)}`);
}

/** The deployed `services` output (ComputeOutputs.services, @fin/contracts), by service name. */
function servicesOf(outputs: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const services = outputs["services"];
  return services !== null && typeof services === "object" && !Array.isArray(services) ? (services as Record<string, Record<string, unknown>>) : {};
}

function readTarget(outputs: Record<string, unknown>, request: ReleaseRequest, layer: string): Target {
  const { stack } = request;
  const deployFirst = `deploy it first: npx nx run ${layer}:deploy --stack=${stack}`;
  const services = servicesOf(outputs);
  const names = Object.keys(services).sort();
  if (names.length === 0) throw new Error(`stack ${stack} of ${layer} has no services output (never deployed?): ${deployFirst}`);
  const listed = `stack ${stack} (${request.projectRoot}) runs the services ${names.join(", ")}`;
  if (request.service === undefined) {
    throw new UsageError(`no service given: pass --service=<name> (after --); ${listed}\n${USAGE}`);
  }
  const service = services[request.service];
  if (!Object.hasOwn(services, request.service) || service === null || typeof service !== "object") {
    throw new UsageError(`--service "${request.service}" is not a service of the catalog; ${listed}\n${USAGE}`);
  }
  const text = (from: Record<string, unknown>, key: string, what: string) => {
    const value = from[key];
    if (typeof value !== "string" || value === "") throw new Error(`stack ${stack} of ${layer} has no ${what} output (never deployed?): ${deployFirst}`);
    return value;
  };
  const repositoryUrl = text(service, "repositoryUrl", `services.${request.service}.repositoryUrl`);
  const parsed = REPOSITORY_URL.exec(repositoryUrl);
  if (parsed === null) throw new Error(`services.${request.service}.repositoryUrl "${repositoryUrl}" of stack ${stack} is not an ECR repository URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>)`);
  return {
    service: request.service,
    repositoryUrl,
    region: parsed[1],
    repositoryName: parsed[2],
    clusterName: text(outputs, "clusterName", "clusterName"),
    serviceName: text(service, "serviceName", `services.${request.service}.serviceName`),
  };
}

/** The digest of the first image detail `aws ecr describe-images --output json` printed. */
function digestOf(stdout: string): string | undefined {
  try {
    const parsed = JSON.parse(stdout) as { imageDetails?: { imageDigest?: string }[] };
    const digest = parsed.imageDetails?.[0]?.imageDigest;
    return typeof digest === "string" && /^sha256:[a-f0-9]{64}$/.test(digest) ? digest : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Returns the exit status: 0 once the service runs the image, 2 bad usage, 3 refused (the image is not
 * in the repository: nothing was changed), otherwise the failing command's status (or 1).
 */
export function runRelease(argv: readonly string[], context: ReleaseContext): number {
  const { workspaceRoot, env, out, err } = context;
  const runner = context.runner ?? spawnRunner;
  try {
    const request = parseRelease(argv);
    const layer = path.basename(request.projectRoot);
    const pulumi = (context.resolve ?? resolvePulumi)(env, workspaceRoot);
    const aws = (context.resolveAwsCli ?? resolveAws)(env);
    const cwd = path.resolve(workspaceRoot, request.projectRoot);
    const run = (file: string, shown: string, args: readonly string[], capture: boolean, childEnv: Env = env): RunResult => {
      out(`> (cd ${request.projectRoot} && ${shown} ${args.join(" ")})`);
      return runner(file, args, { cwd, env: childEnv, capture });
    };
    const must = (result: RunResult, what: string): RunResult => {
      if (result.status !== 0) throw Object.assign(new Error(`${what} failed with exit status ${result.status}`), { status: result.status });
      return result;
    };
    const common = ["--stack", request.stack, "--non-interactive"];

    // 1. Where the image goes: the layer's own outputs (the repository is created by its first deploy).
    const outputs = must(run(pulumi, "pulumi", ["stack", "output", "--json", ...common], true, pulumiEnv(env)), `pulumi stack output --json for ${request.projectRoot} (stack ${request.stack})`);
    const target = readTarget(parseOutputs(outputs.stdout), request, layer);
    const byDigest = request.tag.startsWith("sha256:");
    const shown = `${target.repositoryUrl}${byDigest ? "@" : ":"}${request.tag}`;

    // 2. The image must be there before anything changes; its digest is what the tasks must run.
    const imageId = byDigest ? `imageDigest=${request.tag}` : `imageTag=${request.tag}`;
    const described = run(aws, "aws", ["ecr", "describe-images", "--repository-name", target.repositoryName, "--image-ids", imageId, "--region", target.region, "--output", "json"], true);
    const digest = described.status === 0 ? digestOf(described.stdout) : undefined;
    if (digest === undefined) {
      throw new Refusal(
        `release of ${shown} to service ${target.service} of stack ${request.stack} (${request.projectRoot})`,
        [
          `why: ${byDigest ? "digest" : "tag"} ${request.tag} is not in ECR repository ${target.repositoryName} (${target.region})` +
            (described.status === 0 ? "" : `: aws ecr describe-images exited ${described.status} (its error is above)`),
          "nothing was changed: the stack config and the service are as they were",
        ],
        [`to proceed: push it first, e.g. docker push ${shown}, then run the release again`],
      );
    }
    out(`image ${shown} is in ${target.repositoryName} as ${digest}`);

    // 3. The tag into this service's entry of the stack config, then 4. the layer's deploy, with its guards.
    // `--path` sets one key of the `imageTags` object and keeps the others; under `--path` the CLI stores
    // an integer-looking value as a number and true/false as booleans, so `--type string` keeps a tag
    // such as 20261201 a string (https://www.pulumi.com/docs/iac/cli/commands/pulumi_config_set/;
    // `--type` since pulumi/pulumi 3.148.0, PR #18287; pkg/cmd/pulumi/config/config.go).
    const key = `imageTags.${target.service}`;
    must(
      run(pulumi, "pulumi", ["config", "set", "--path", "--type", "string", key, request.tag, ...common], false, pulumiEnv(env)),
      `pulumi config set --path ${key} for stack ${request.stack}`,
    );
    const deployArgs = ["deploy", request.projectRoot, `--stack=${request.stack}`, ...(request.confirm === undefined ? [] : [`--confirm=${request.confirm}`])];
    const deployed = runCli(deployArgs, { ...context, runner });
    if (deployed !== 0) {
      err(`release of ${shown} stopped: the deploy of ${request.projectRoot} (stack ${request.stack}) exited ${deployed}; the stack config now names ${request.tag}`);
      return deployed;
    }

    // 5. The task definition must pin exactly that digest (ADR 0013), or the wait below proves nothing.
    const file = outputsFile(workspaceRoot, request.projectRoot, request.stack);
    const after = servicesOf(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>)[target.service] ?? {};
    const expected = `${target.repositoryUrl}@${digest}`;
    if (after["imageReference"] !== expected) {
      err(`release of ${shown}: the deployed task definition of ${target.service} runs ${String(after["imageReference"])}, not ${expected} (imageStatus: ${String(after["imageStatus"])})`);
      return 1;
    }

    // 6. Bounded wait: the CLI waiter polls DescribeServices every 15 s and gives up (exit 255) after
    // 40 checks, 10 minutes (https://docs.aws.amazon.com/cli/latest/reference/ecs/wait/services-stable.html).
    must(
      run(aws, "aws", ["ecs", "wait", "services-stable", "--cluster", target.clusterName, "--services", target.serviceName, "--region", target.region], false),
      `aws ecs wait services-stable for ${target.serviceName} (the tasks of ${expected} did not all become healthy within 10 minutes; see the service's events)`,
    );
    out(`released ${shown} (${digest}) to ${target.serviceName} in stack ${request.stack}: the service is stable`);
    return 0;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError) return 2;
    if (error instanceof Refusal) return REFUSED_STATUS;
    return (error as { status?: number }).status ?? 1;
  }
}
