// Reading what the Pulumi CLI says about a stack: the plan of `pulumi preview --json`, the resources
// of `pulumi stack export`, the resource count of `pulumi stack ls --json`. Pure functions over the
// CLI's JSON, so each shape is tested against the documented fields.
import { parseUrn, resourceType } from "./urn";

/**
 * The resource types whose loss loses data, with what is lost. Their replacement or deletion in a
 * protected stack needs --confirm. Every layer makes them destroyable on purpose (Aurora
 * skipFinalSnapshot, buckets and the vault forceDestroy, keys on a 7-day window), so the command line
 * is the only thing between an operator and the loss.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  "aws:rds/cluster:Cluster": "Aurora cluster: deleted without a final snapshot",
  "aws:rds/clusterInstance:ClusterInstance": "Aurora instance",
  "aws:s3/bucket:Bucket": "S3 bucket: emptied (forceDestroy), every object version lost",
  "aws:backup/vault:Vault": "backup vault: deleted with every recovery point (forceDestroy)",
  // ScheduleKeyDeletion makes a key unusable at once (PendingDeletion), whoever still encrypts with it:
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html
  "aws:kms/key:Key": "KMS key: unusable at once, by every layer that encrypts with it",
  "aws:kinesis/stream:Stream": "Kinesis stream: unread records lost",
};

/**
 * Step ops that delete a resource, or replace it with a new one (pulumi/pulumi pkg/resource/deploy/step.go:
 * OpDelete, OpReplace, OpCreateReplacement, OpDeleteReplaced, OpImportReplacement). `preview --json`
 * lists them per step as `op` (pkg/display/json.go PreviewStep).
 */
export const DESTRUCTIVE_OPS: readonly string[] = ["delete", "replace", "create-replacement", "delete-replaced", "import-replacement"];

export interface StatefulResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** What is lost, from STATEFUL_TYPES. */
  readonly loss: string;
}

export interface StatefulChange extends StatefulResource {
  /** The step ops the plan has for it, e.g. ["replace"] or ["create-replacement", "delete-replaced"]. */
  readonly ops: readonly string[];
}

function parseJson(what: string, stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`${what} did not print JSON: ${stdout.slice(0, 200)}`);
  }
}

function stateful(urn: string): StatefulResource | undefined {
  const parsed = parseUrn(urn);
  if (parsed === undefined) return undefined;
  const type = resourceType(parsed);
  return Object.hasOwn(STATEFUL_TYPES, type) ? { urn, type, name: parsed.name, loss: STATEFUL_TYPES[type] } : undefined;
}

/** The stateful resources a `pulumi preview --json` plan replaces or deletes, one entry per URN. */
export function statefulChanges(stdout: string): StatefulChange[] {
  const plan = parseJson("pulumi preview --json", stdout) as { steps?: { op?: unknown; urn?: unknown }[] } | null;
  const changes = new Map<string, { resource: StatefulResource; ops: string[] }>();
  for (const step of plan?.steps ?? []) {
    const op = String(step.op);
    const resource = DESTRUCTIVE_OPS.includes(op) ? stateful(String(step.urn)) : undefined;
    if (resource !== undefined) {
      const entry = changes.get(resource.urn) ?? { resource, ops: [] };
      entry.ops.push(op);
      changes.set(resource.urn, entry);
    }
  }
  return [...changes.values()].map(({ resource, ops }) => ({ ...resource, ops }));
}

/**
 * The stateful resources in a stack, from `pulumi stack export` (an UntypedDeployment whose
 * `deployment.resources[]` carry `urn`: pulumi/pulumi sdk/go/common/apitype/core.go DeploymentV3, ResourceV3).
 */
export function statefulResources(stdout: string): StatefulResource[] {
  const exported = parseJson("pulumi stack export", stdout) as { deployment?: { resources?: { urn?: unknown }[] } } | null;
  return (exported?.deployment?.resources ?? [])
    .map((r) => stateful(String(r.urn)))
    .filter((r): r is StatefulResource => r !== undefined);
}

/**
 * How many resources `stack` has, from `pulumi stack ls --json` run in its project's directory
 * (pulumi/pulumi pkg/cmd/pulumi/stack/stack_list.go: `name`, `resourceCount`). The name is the bare
 * stack name, or `<org>/<project>/<stack>` when it cannot be elided (pkg/backend/diy/backend.go
 * diyBackendReference.String), so either matches; several matches (orgs) count together. A stack
 * absent from the list does not exist: 0. A missing `resourceCount` means no update ever
 * completed (pkg/backend/diy/stack.go ResourceCount: nil without a checkpoint): 0.
 */
export function resourceCount(stdout: string, stack: string): number {
  const list = parseJson("pulumi stack ls --json", stdout);
  if (!Array.isArray(list)) {
    throw new Error(`pulumi stack ls --json printed ${JSON.stringify(list).slice(0, 200)}, expected a list of stacks`);
  }
  return (list as { name?: unknown; resourceCount?: unknown }[])
    .filter((s) => s.name === stack || String(s.name).endsWith(`/${stack}`))
    .reduce((sum, s) => sum + (typeof s.resourceCount === "number" ? s.resourceCount : 0), 0);
}
