// docs/ci/audit.yml, the scheduled audit of the CI example (docs/ci-github-actions.md): parsed as YAML,
// every action pinned to the commits github-actions.yml uses, read-only permissions, and the audit steps.
import { parse } from "yaml";
import { repoText } from "./support/sandbox";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
const workflow = parse(repoText("docs/ci/audit.yml")) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { permissions: Record<string, string>; concurrency: { group: string; "cancel-in-progress": boolean }; steps: Step[] }>;
};
const job = workflow.jobs["audit-staging"];
const DOC = repoText("docs/ci-github-actions.md");

describe("the scheduled audit workflow", () => {
  it("runs daily and on demand, in one job with its own concurrency group", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["audit-staging"]);
    expect(workflow.on).toEqual({ schedule: [{ cron: "17 6 * * *" }], workflow_dispatch: null });
    expect(job.concurrency).toEqual({ group: "audit-staging", "cancel-in-progress": false });
    expect(DOC).toContain("[`docs/ci/audit.yml`](ci/audit.yml)");
  });

  it("only reads: contents read, and an OIDC token for the auditor role", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    const credentials = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(credentials?.with).toEqual({ "role-to-assume": "arn:aws:iam::111111111111:role/fin-infra-audit-staging", "aws-region": "${{ env.AWS_REGION }}" });
  });

  it("pins every action to a full commit SHA, the ones github-actions.yml uses", () => {
    const ci = repoText("docs/ci/github-actions.yml");
    const used = job.steps.flatMap((s) => (s.uses === undefined ? [] : [s.uses]));
    expect(used).toEqual([
      "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
      "actions/setup-node@249970729cb0ef3589644e2896645e5dc5ba9c38",
      "aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c",
      "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    ]);
    used.forEach((u) => expect(ci).toContain(u));
  });

  it("refreshes the outputs from the state, audits every layer, and keeps the report", () => {
    const runs = job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));
    expect(runs).toEqual(
      expect.arrayContaining(["npx nx run-many -t outputs -c staging --output-style=static", "npx nx run-many -t audit -c staging --wait-seconds=300 --output-style=static"]),
    );
    expect(runs.indexOf("npx nx run-many -t outputs -c staging --output-style=static")).toBeLessThan(runs.indexOf("npx nx run-many -t audit -c staging --wait-seconds=300 --output-style=static"));
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with).toMatchObject({ name: "audit-staging", "if-no-files-found": "warn", "retention-days": 30 });
    expect(String(upload?.with?.path).trim().split("\n")).toEqual(["dist/staging/audit.md", "dist/staging/audit.json", "dist/staging/*/drift.json"]);
  });
});
