import fs from "node:fs";
import path from "node:path";
import { IMAGE_TAG, parseRelease, resolveAws, runRelease } from "../src/release";
import { RunOptions, RunResult, Runner } from "../src/pulumi-cli";
import { copyStacks, tempWorkspace } from "./support/workspace";

const REPO = (service: string) => `123456789012.dkr.ecr.us-east-2.amazonaws.com/${service}-dev`;
const URL = REPO("api");
const DIGEST = `sha256:${"d".repeat(64)}`;
/** The deployed `services` output (ComputeOutputs, @fin/contracts) of the default catalog, trimmed to what the release reads. */
const service = (name: string, extra: Record<string, unknown> = {}) => ({ serviceName: `${name}-service-dev`, repositoryUrl: REPO(name), ...extra });
const SERVICES = { api: service("api"), ingest: service("ingest"), processor: service("processor") };
const OUTPUTS = JSON.stringify({ clusterName: "ecs-cluster-dev", services: SERVICES });
const deployed = (api: Record<string, unknown>) => JSON.stringify({ clusterName: "ecs-cluster-dev", services: { ...SERVICES, api: service("api", api) } });
const FOUND = JSON.stringify({ imageDetails: [{ imageDigest: DIGEST, imageTags: ["1.2.0"] }] });

let workspace: string;
beforeEach(() => {
  workspace = tempWorkspace();
  copyStacks(workspace);
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

interface Call {
  readonly file: string;
  readonly args: string;
  readonly options: RunOptions;
}

/**
 * Answers by the call's first words: `stack output` (before and after `up`), `describe-images`,
 * `config set`, `up`, `wait`; `up` writes nothing itself: the wrapper writes outputs.json from the
 * second `stack output`.
 */
function fakeRunner(answers: Partial<Record<"outputs" | "after" | "describe" | "config" | "up" | "wait", RunResult>> = {}): { runner: Runner; calls: Call[] } {
  const calls: Call[] = [];
  let outputsAsked = 0;
  const runner: Runner = (file, args, options) => {
    const joined = args.join(" ");
    calls.push({ file, args: joined, options });
    if (joined.startsWith("stack output")) {
      outputsAsked += 1;
      return outputsAsked === 1
        ? (answers.outputs ?? { status: 0, stdout: OUTPUTS })
        : (answers.after ?? { status: 0, stdout: deployed({ imageReference: `${URL}@${DIGEST}`, imageStatus: "running" }) });
    }
    if (joined.startsWith("ecr describe-images")) return answers.describe ?? { status: 0, stdout: FOUND };
    if (joined.startsWith("config set")) return answers.config ?? { status: 0, stdout: "" };
    if (joined.startsWith("up ")) return answers.up ?? { status: 0, stdout: "" };
    if (joined.startsWith("ecs wait")) return answers.wait ?? { status: 0, stdout: "" };
    return { status: 0, stdout: "" };
  };
  return { runner, calls };
}

function release(argv: string[], runner: Runner) {
  const out: string[] = [];
  const err: string[] = [];
  const status = runRelease(argv, {
    workspaceRoot: workspace,
    env: { PATH: "/usr/bin" },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    runner,
    resolve: () => "/opt/pulumi",
    resolveAwsCli: () => "/opt/aws",
  });
  return { status, out, err };
}

describe("parseRelease", () => {
  it("takes the last --stack (Nx puts the configuration's first), the service and the tag, inline or spaced, and --confirm", () => {
    expect(parseRelease(["stacks/compute", "--stack=dev", "--stack", "pr-7", "--service", "api", "--tag", "1.2.0", "--confirm=pr-7"])).toEqual({
      projectRoot: "stacks/compute",
      stack: "pr-7",
      tag: "1.2.0",
      service: "api",
      confirm: "pr-7",
    });
    expect(parseRelease(["stacks/compute", "--stack=dev", `--tag=${DIGEST}`])).toMatchObject({ service: undefined, confirm: undefined });
  });

  it.each([
    [["stacks/compute", "--stack=dev"], "no image given: pass --tag=<tag> (after --), e.g. npx nx run compute:release -c dev -- --service=api --tag=1.2.0"],
    [["stacks/compute", "--tag=1.0.0"], "no stack selected for the release: pass -c dev|staging|prod, or --stack=<name>"],
    [["stacks/compute", "--stack=org/fin/dev", "--tag=1.0.0"], 'stack "org/fin/dev" is not a plain Pulumi stack name'],
    [["stacks/compute", "--stack=dev", "--tag=latest:x"], '--tag "latest:x" is not an image tag'],
    [["stacks/compute", "--stack=dev", "--tag=sha256:abc"], '--tag "sha256:abc" is not an image tag'],
    [["stacks/compute", "--stack=dev", "--tag=1", "--diff"], "release takes no flag --diff"],
    [["stacks/compute", "--stack=dev", "--tag"], "a value is missing after --tag"],
    [["stacks/compute", "--stack=dev", "--tag=1", "--service"], "a value is missing after --service"],
    [["--stack=dev", "--tag=1"], "usage: release <projectRoot>"],
    [[], "got: (nothing)"],
  ])("refuses %j", (argv, message) => {
    expect(() => parseRelease(argv)).toThrow(message);
  });

  it("uses the compute layer's image rule: a tag or a sha256 digest, never a repository reference", () => {
    expect(["1.2.0", "v1", "_x", DIGEST, "a".repeat(128)].every((t) => IMAGE_TAG.test(t))).toBe(true);
    expect(["", ".x", "-x", "a".repeat(129), `${URL}:1`, "sha256:ABC", `sha256:${"d".repeat(63)}`].some((t) => IMAGE_TAG.test(t))).toBe(false);
  });
});

describe("resolveAws", () => {
  it("finds aws on PATH, else says how to install it", () => {
    expect(resolveAws({ PATH: ["/a", "", "/b"].join(path.delimiter) }, (f) => f === "/b/aws")).toBe("/b/aws");
    expect(() => resolveAws({}, () => false)).toThrow("aws CLI not found on PATH");
  });
});

describe("runRelease", () => {
  it("runs every step in the layer's directory, pulumi transpile-only, and reports the stable service", () => {
    const { runner, calls } = fakeRunner();
    const result = release(["stacks/compute", "--stack=dev", "--service=api", "--tag=1.2.0"], runner);
    expect(result).toEqual({
      status: 0,
      out: [
        "> (cd stacks/compute && pulumi stack output --json --stack dev --non-interactive)",
        "> (cd stacks/compute && aws ecr describe-images --repository-name api-dev --image-ids imageTag=1.2.0 --region us-east-2 --output json)",
        `image ${URL}:1.2.0 is in api-dev as ${DIGEST}`,
        "> (cd stacks/compute && pulumi config set --path --type string imageTags.api 1.2.0 --stack dev --non-interactive)",
        "> (cd stacks/compute && pulumi up --yes --stack dev --non-interactive --policy-pack ../../libs/policies)",
        "> (cd stacks/compute && pulumi stack output --json --stack dev --non-interactive)",
        "wrote dist/dev/compute/outputs.json (2 outputs)",
        "imageStatus api: running",
        "> (cd stacks/compute && aws ecs wait services-stable --cluster ecs-cluster-dev --services api-service-dev --region us-east-2)",
        `released ${URL}:1.2.0 (${DIGEST}) to api-service-dev in stack dev: the service is stable`,
      ],
      err: [],
    });
    expect(calls.map((c) => c.file)).toEqual(["/opt/pulumi", "/opt/aws", "/opt/pulumi", "/opt/pulumi", "/opt/pulumi", "/opt/aws"]);
    expect(new Set(calls.map((c) => c.options.cwd))).toEqual(new Set([path.join(workspace, "stacks", "compute")]));
    expect(calls.map((c) => c.options.env.PULUMI_NODEJS_TRANSPILE_ONLY)).toEqual(["true", undefined, "true", "true", "true", undefined]);
  });

  it("deploys a protected stack through its plan check, which --confirm=<stack> passes on to", () => {
    const plan = JSON.stringify({ steps: [] });
    const firstWords = (argv: string[]) => {
      const { runner, calls } = fakeRunner();
      const wrapped: Runner = (file, args, options) => (args[0] === "preview" ? { status: 0, stdout: plan } : runner(file, args, options));
      const result = release(argv, (file, args, options) => {
        calls.push({ file, args: args.join(" "), options });
        return wrapped(file, args, options);
      });
      expect(result.status).toBe(0);
      return [...new Set(calls.map((c) => c.args))].map((a) => a.split(" ")[0]);
    };
    expect(firstWords(["stacks/compute", "--stack=prod", "--service=api", "--tag=1.2.0"])).toEqual(["stack", "ecr", "config", "preview", "up", "ecs"]);
    expect(firstWords(["stacks/compute", "--stack=prod", "--service=api", "--tag=1.2.0", "--confirm=prod"])).toEqual(["stack", "ecr", "config", "up", "ecs"]);
  });

  it("refuses (3) a missing image before any change, and an answer without a digest likewise", () => {
    for (const describe of [
      { status: 254, stdout: "" },
      { status: 0, stdout: "not json" },
      { status: 0, stdout: JSON.stringify({ imageDetails: [] }) },
      { status: 0, stdout: JSON.stringify({ imageDetails: [{ imageDigest: "sha1:x" }] }) },
    ]) {
      const { runner, calls } = fakeRunner({ describe });
      const result = release(["stacks/compute", "--stack=dev", "--service=api", "--tag=9.9.9"], runner);
      expect(result.status).toBe(3);
      expect(result.err[0]).toBe(
        [
          `refused: release of ${URL}:9.9.9 to service api of stack dev (stacks/compute)`,
          `  why: tag 9.9.9 is not in ECR repository api-dev (us-east-2)${describe.status === 0 ? "" : ": aws ecr describe-images exited 254 (its error is above)"}`,
          "  nothing was changed: the stack config and the service are as they were",
          `  to proceed: push it first, e.g. docker push ${URL}:9.9.9, then run the release again`,
        ].join("\n"),
      );
      expect(calls).toHaveLength(2);
    }
    const { runner } = fakeRunner({ describe: { status: 254, stdout: "" } });
    expect(release(["stacks/compute", "--stack=dev", "--service=api", `--tag=${DIGEST}`], runner).err[0]).toContain(`why: digest ${DIGEST} is not in ECR repository api-dev`);
  });

  it.each([
    [{ outputs: { status: 255, stdout: "" } }, 255, "pulumi stack output --json for stacks/compute (stack dev) failed with exit status 255"],
    [{ outputs: { status: 0, stdout: "warning: x" } }, 1, "pulumi stack output --json did not print a JSON object: warning: x"],
    [{ outputs: { status: 0, stdout: "null" } }, 1, "pulumi stack output --json did not print a JSON object: null"],
    [{ outputs: { status: 0, stdout: "{}" } }, 1, "stack dev of compute has no services output (never deployed?): deploy it first: npx nx run compute:deploy --stack=dev"],
    [{ outputs: { status: 0, stdout: JSON.stringify({ services: [] }) } }, 1, "stack dev of compute has no services output"],
    [{ outputs: { status: 0, stdout: JSON.stringify({ services: { api: null } }) } }, 2, '--service "api" is not a service of the catalog; stack dev (stacks/compute) runs the services api'],
    [{ outputs: { status: 0, stdout: JSON.stringify({ services: { api: { repositoryUrl: "docker.io/x" } } }) } }, 1, 'services.api.repositoryUrl "docker.io/x" of stack dev is not an ECR repository URL'],
    [{ outputs: { status: 0, stdout: JSON.stringify({ services: { api: { repositoryUrl: 5 } } }) } }, 1, "stack dev of compute has no services.api.repositoryUrl output"],
    [{ outputs: { status: 0, stdout: JSON.stringify({ services: { api: service("api") }, clusterName: "" }) } }, 1, "stack dev of compute has no clusterName output"],
    [{ outputs: { status: 0, stdout: JSON.stringify({ clusterName: "c", services: { api: service("api", { serviceName: "" }) } }) } }, 1, "stack dev of compute has no services.api.serviceName output"],
    [{ config: { status: 4, stdout: "" } }, 4, "pulumi config set --path imageTags.api for stack dev failed with exit status 4"],
    [{ up: { status: 7, stdout: "" } }, 7, "release of 123456789012.dkr.ecr.us-east-2.amazonaws.com/api-dev:1.2.0 stopped: the deploy of stacks/compute (stack dev) exited 7; the stack config now names 1.2.0"],
    [
      { after: { status: 0, stdout: deployed({ imageReference: `${URL}:1.2.0`, imageStatus: "waiting for image" }) } },
      1,
      `release of ${URL}:1.2.0: the deployed task definition of api runs ${URL}:1.2.0, not ${URL}@${DIGEST} (imageStatus: waiting for image)`,
    ],
    [{ after: { status: 0, stdout: JSON.stringify({ clusterName: "c", services: {} }) } }, 1, `the deployed task definition of api runs undefined, not ${URL}@${DIGEST} (imageStatus: undefined)`],
    [{ wait: { status: 255, stdout: "" } }, 255, "did not all become healthy within 10 minutes; see the service's events) failed with exit status 255"],
  ])("stops on %j with status %i", (answers, status, message) => {
    const { runner } = fakeRunner(answers);
    const result = release(["stacks/compute", "--stack=dev", "--service=api", "--tag=1.2.0"], runner);
    expect(result.status).toBe(status);
    expect(result.err.join("\n")).toContain(message);
  });

  it("finds pulumi and aws on PATH and runs them as processes by default", () => {
    const bin = path.join(workspace, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho '${OUTPUTS}'\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, "aws"), "#!/bin/sh\nexit 254\n", { mode: 0o755 });
    const err: string[] = [];
    const status = runRelease(["stacks/compute", "--stack=dev", "--service=api", "--tag=1.2.0"], { workspaceRoot: workspace, env: { PATH: bin }, out: () => undefined, err: (l) => err.push(l) });
    expect(status).toBe(3);
    expect(err[0]).toContain("why: tag 1.2.0 is not in ECR repository api-dev (us-east-2): aws ecr describe-images exited 254");
  });

  it("exits 2 on bad usage and reports what a runner throws", () => {
    expect(release(["stacks/compute", "--stack=dev"], fakeRunner().runner).status).toBe(2);
    const throwing: Runner = () => {
      throw "spawn failed";
    };
    expect(release(["stacks/compute", "--stack=dev", "--tag=1"], throwing)).toMatchObject({ status: 1, err: ["spawn failed"] });
  });

  it("exits 2 with one usage error listing the deployed services when --service is missing or unknown, before touching ECR or the config", () => {
    for (const [argv, first] of [
      [["stacks/compute", "--stack=dev", "--tag=1.2.0"], "no service given: pass --service=<name> (after --); "],
      [["stacks/compute", "--stack=dev", "--service=analytics", "--tag=1.2.0"], '--service "analytics" is not a service of the catalog; '],
      [["stacks/compute", "--stack=dev", "--service=toString", "--tag=1.2.0"], '--service "toString" is not a service of the catalog; '],
    ] as const) {
      const { runner, calls } = fakeRunner();
      const result = release([...argv], runner);
      expect(result.status).toBe(2);
      expect(result.err).toEqual([
        `${first}stack dev (stacks/compute) runs the services api, ingest, processor\n` +
          "usage: release <projectRoot> --stack=<name> --service=<name> --tag=<tag|sha256:<digest>> [--confirm=<stack>]",
      ]);
      expect(calls.map((c) => c.args)).toEqual(["stack output --json --stack dev --non-interactive"]);
    }
  });
});
