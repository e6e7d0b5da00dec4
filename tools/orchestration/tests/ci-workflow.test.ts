// docs/ci/github-actions.yml, the CI example (docs/ci-github-actions.md): parsed as YAML, every
// action pinned, the permissions and the job order as the doc says.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT, repoText } from "./support/sandbox";

const TEXT = repoText("docs/ci/github-actions.yml");
const DOC = repoText("docs/ci-github-actions.md");

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly environment?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
  readonly env?: Record<string, string>;
  readonly concurrency?: { group: string; "cancel-in-progress": boolean; queue?: string };
}
const workflow = parse(TEXT) as { on: Record<string, unknown>; permissions: Record<string, string>; env: Record<string, string>; jobs: Record<string, Job> };
const jobs = workflow.jobs;
const steps = (job: string) => jobs[job].steps;
const uses = (job: string, action: string) => steps(job).filter((s) => s.uses?.startsWith(`${action}@`));
const runs = (job: string) => steps(job).flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));

/** The release each action is pinned at: the commit its tag points to, read with `fetch`. */
const PINS: Record<string, [string, string]> = {
  "actions/checkout": ["3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"],
  "actions/setup-node": ["249970729cb0ef3589644e2896645e5dc5ba9c38", "v6.5.0"],
  "nrwl/nx-set-shas": ["afb73a62d26e41464e9254689e1fd6122ee683c1", "v5.0.1"],
  "aws-actions/configure-aws-credentials": ["e6de054238d6b7531b4efff3b6587d9aade6a06c", "v6.2.3"],
  "aws-actions/amazon-ecr-login": ["03f1aad4c6c7ffd436567f42f9384779290529bd", "v2.1.7"],
  "actions/upload-artifact": ["bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"],
  "actions/download-artifact": ["3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c", "v8.0.1"],
  "marocchino/sticky-pull-request-comment": ["5770ad5eb8f42dd2c4f34da00c94c5381e49af88", "v3.0.5"],
};

describe("the CI example workflow", () => {
  it("is a docs file, never a workflow of this repository", () => {
    expect(fs.existsSync(path.join(REPO_ROOT, ".github", "workflows"))).toBe(false);
    expect(DOC).toContain("[`docs/ci/github-actions.yml`](ci/github-actions.yml)");
  });

  it("pins every action to the full commit SHA of the release named beside it", () => {
    const lines = TEXT.split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(lines.length).toBe(Object.values(jobs).flatMap((j) => j.steps.filter((s) => s.uses !== undefined)).length);
    for (const line of lines) {
      const match = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)$/.exec(line.trim().replace(/^- /, ""));
      expect(match).not.toBeNull();
      const [, action, sha, tag] = match as RegExpExecArray;
      expect([action, [sha, tag]]).toEqual([action, PINS[action]]);
    }
    expect(new Set(lines.map((l) => /uses: ([\w.-]+\/[\w.-]+)@/.exec(l)![1]))).toEqual(new Set(Object.keys(PINS)));
  });

  it("grants contents and actions read at the top (nx-set-shas reads the Actions API), OIDC only to the jobs that assume an AWS role, and comment rights only to plan-diff", () => {
    expect(workflow.permissions).toEqual({ contents: "read", actions: "read" });
    for (const [name, job] of Object.entries(jobs)) {
      const aws = uses(name, "aws-actions/configure-aws-credentials").length > 0;
      const permissions = job.permissions ?? workflow.permissions;
      expect([name, permissions["id-token"]]).toEqual([name, aws ? "write" : undefined]);
      if (uses(name, "nrwl/nx-set-shas").length > 0) expect([name, permissions.actions]).toEqual([name, "read"]);
      expect(Object.values(permissions).every((p) => p === "read" || p === "write")).toBe(true);
      const writes = aws ? ["id-token"] : name === "plan-diff" ? ["pull-requests"] : [];
      expect([name, Object.entries(permissions).filter(([, p]) => p === "write").map(([k]) => k)]).toEqual([name, writes]);
    }
  });

  it("runs the jobs in the documented order", () => {
    const needs = Object.fromEntries(Object.entries(jobs).map(([name, job]) => [name, job.needs ?? []]));
    expect(needs).toEqual({
      test: [],
      preview: "test",
      build: "test",
      "shared-network": "test",
      ephemeral: ["build", "shared-network"],
      "destroy-ephemeral": [],
      "deploy-staging": "build",
      "deploy-prod": ["build", "deploy-staging"],
      "plan-diff": "test",
    });
    expect(workflow.on).toEqual({ pull_request: { types: ["opened", "synchronize", "reopened", "labeled", "closed"] }, push: { branches: ["main"] } });
    expect(jobs["destroy-ephemeral"].if).toContain("github.event.action == 'closed'");
    expect(jobs["plan-diff"].if).toBe("github.event_name == 'pull_request' && github.event.action != 'closed'");
    expect(runs("plan-diff").at(-1)).toBe("node libs/report/bin/plan-diff.js --base=origin/${{ github.base_ref }} --stack=staging --format=markdown > plan-diff.md");
    for (const name of ["test", "preview", "build", "shared-network", "ephemeral"]) expect([name, jobs[name].if]).toEqual([name, expect.stringContaining("github.event.action != 'closed'")]);
  });

  it("puts prod behind the production environment (required reviewers), after staging, with the same steps", () => {
    expect([jobs["deploy-staging"].environment, jobs["deploy-prod"].environment]).toEqual(["staging", "production"]);
    expect(jobs["deploy-prod"].steps).toEqual(jobs["deploy-staging"].steps);
    expect([jobs["deploy-staging"].env, jobs["deploy-prod"].env]).toEqual([{ STACK: "staging" }, { STACK: "prod" }]);
  });

  it("gives every deploying job a session long enough for a first prod deploy", () => {
    for (const name of ["shared-network", "ephemeral", "destroy-ephemeral", "deploy-staging", "deploy-prod"]) {
      expect([name, uses(name, "aws-actions/configure-aws-credentials")[0].with?.["role-duration-seconds"]]).toEqual([name, 7200]);
    }
  });

  it("builds one image per commit, tagged with the commit SHA, and releases exactly that tag", () => {
    expect(workflow.env.IMAGE_TAG).toBe("${{ github.event.pull_request.head.sha || github.sha }}");
    expect(runs("build")[0]).toBe('docker build --platform linux/amd64 -t "app:$IMAGE_TAG" "$IMAGE_CONTEXT"\ndocker save "app:$IMAGE_TAG" -o image.tar');
    for (const name of ["ephemeral", "deploy-staging", "deploy-prod"]) {
      const lines = runs(name);
      const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
      // Upstream layers, then compute once (first run only), push, release, live checks.
      expect([
        at('npx nx run-many -t deploy --stack="$STACK" --exclude=compute'),
        at('npx nx run compute:outputs --stack="$STACK"'),
        at("docker load -i image.tar"),
        at("for service in $(node -p \"Object.keys(require('./dist/$STACK/compute/outputs.json').services).sort().join(' ')\"); do\n  npx nx run compute:release"),
        at('npx nx run-many -t integration --stack="$STACK"'),
      ]).toEqual([...Array(5).keys()].map((i) => lines.length - 5 + i));
      const everyService = "for service in $(node -p \"Object.keys(require('./dist/$STACK/compute/outputs.json').services).sort().join(' ')\"); do";
      expect(lines.at(-3)).toBe(`docker load -i image.tar\n${everyService}\n  tools/orchestration/scripts/push-image.sh "$STACK" "$service" "app:$IMAGE_TAG" "$IMAGE_TAG"\ndone`);
      expect(lines.at(-2)).toBe(`${everyService}\n  npx nx run compute:release --output-style=static -- --stack="$STACK" --service="$service" --tag="$IMAGE_TAG"\ndone`);
    }
  });

  it("re-creates the pr-N stack config from the committed dev config on every run, and destroys it on close", () => {
    expect(jobs.ephemeral.env).toEqual({ STACK: "pr-${{ github.event.number }}", ENVIRONMENT_SUFFIX: "pr-${{ github.event.number }}" });
    expect(runs("ephemeral")[0]).toBe("npm ci");
    expect(runs("ephemeral")).toContain('tools/orchestration/scripts/ephemeral-stack.sh "$STACK"');
    expect(runs("destroy-ephemeral").slice(-3)).toEqual([
      'tools/orchestration/scripts/ephemeral-stack.sh "$STACK"',
      'npx nx run-many -t destroy --stack="$STACK" --output-style=static',
      'for layer in security network data compute; do (cd "stacks/$layer" && pulumi stack rm "$STACK" --yes); done',
    ]);
  });

  it("deploys the shared network pr-shared (security and network only) in one queue for every pull request, before any pr-N, and never destroys it", () => {
    const shared = jobs["shared-network"];
    expect(shared.if).toBe(jobs.ephemeral.if);
    expect(shared.env).toEqual({ STACK: "pr-shared" });
    // The base branch's code, never the pull request's: two pull requests would otherwise take turns rewriting it.
    expect(shared.steps[0]).toEqual({ uses: expect.stringMatching(/^actions\/checkout@[0-9a-f]{40}$/), with: { ref: "${{ github.event.pull_request.base.ref }}" } });
    // One group for all pull requests; never cancelled, and every pending run kept in order (queue: max;
    // the default keeps one pending job and cancels the one it replaces), per the GitHub Actions concurrency docs.
    expect(shared.concurrency).toEqual({ group: "shared-network", "cancel-in-progress": false, queue: "max" });
    expect(runs("shared-network").slice(-2)).toEqual([
      'for layer in security network; do (cd "stacks/$layer" && pulumi stack select --create "$STACK" --secrets-provider "$PULUMI_SECRETS_PROVIDER" --non-interactive); done',
      'npx nx run-many -t deploy -p security network --stack="$STACK" --output-style=static',
    ]);
    // pr-N reads it: the plans (synth of pr-N synthesizes pr-shared first) and pr-shared's outputs before pr-N's deploy.
    const lines = runs("ephemeral");
    const prepared = lines.findIndex((l) => l.startsWith('npx nx run-many -t synth --stack="$STACK"'));
    expect(lines[prepared]).toBe('npx nx run-many -t synth --stack="$STACK" --parallel=1 --output-style=static\nnpx nx run-many -t outputs -p security network --stack=pr-shared --output-style=static');
    expect(prepared).toBeLessThan(lines.findIndex((l) => l.startsWith('npx nx run-many -t deploy --stack="$STACK"')));
    // Closing a pull request destroys its own pr-N (its guest network is its two security groups) and nothing else.
    expect(jobs["destroy-ephemeral"].env).toEqual({ STACK: "pr-${{ github.event.number }}", ENVIRONMENT_SUFFIX: "pr-${{ github.event.number }}" });
    expect(runs("shared-network").filter((r) => /\b(destroy|stack rm)\b/.test(r))).toEqual([]);
    expect(TEXT.match(/(destroy|stack rm)[^\n]*pr-shared/g)).toBeNull();
  });

  it("names the jobs in the doc in the workflow's order", () => {
    const names = Object.keys(jobs);
    const positions = names.map((n) => DOC.indexOf(`\`${n}\``));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
