// The plan format: what synth writes and every reader of a plan (policies, verify, report, the tree
// and the diff) receives. It is the shape of `pulumi preview --json` (`steps[]` with `op`, `urn` and
// `newState`), restricted to what is known offline, so a real preview's JSON reads the same way.
import type { Layer } from "@fin/config";

/** The state of one step of `pulumi preview --json`: a real preview may carry `outputs`; synth's never do. */
export interface PlanState {
  readonly urn?: string;
  readonly type: string;
  readonly custom?: boolean;
  readonly id?: string;
  readonly parent?: string;
  /** `<provider urn>::<provider id>`. */
  readonly provider?: string;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly dependencies?: readonly string[];
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** One step. `op` is the engine's (create, read, same, update, replace, delete, ...); synth writes create and read. */
export interface PlanStep {
  readonly op: string;
  readonly urn: string;
  readonly provider?: string;
  /** Absent only for steps whose resource is gone after the update (a delete has only `oldState`). */
  readonly newState?: PlanState;
}

export interface Plan {
  readonly steps: readonly PlanStep[];
  /** Steps per `op`, as `pulumi preview --json` reports it; synth computes it with `countPlan`. */
  readonly changeSummary?: Readonly<Record<string, number>>;
}

/** Step counts of a plan: one function (`countPlan`) computes them for synth, policy-check, plan and diff. */
export interface PlanCounts {
  /** Resources the plan leaves in place: every step except deletes and discards. */
  readonly total: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly byType: Readonly<Record<string, number>>;
}

/** `synth.json`, written next to each plan so readers know which project and stack it belongs to. */
export interface SynthMeta {
  readonly project: string;
  readonly stack: string;
  readonly counts: PlanCounts;
  /**
   * Config keys synth took from `offline/Pulumi.<stack>.yaml` instead of the stack file (for example
   * prod's placeholder certificate): the plan shows what the CLI would run once they are really set.
   */
  readonly offlineConfig: readonly string[];
}

/** One AWS (or other custom, non-Pulumi) resource a layer's plan creates. */
export interface PlannedResource {
  readonly layer: Layer;
  readonly urn: string;
  /** The logical name (last URN segment). */
  readonly name: string;
  readonly type: string;
  /** The id the synth's mock engine computed (ARN, name or generated id, as AWS would). */
  readonly id: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** One layer's synthesized files, read and validated. */
export interface LayerPlan {
  readonly layer: Layer;
  readonly project: string;
  readonly stack: string;
  readonly plan: Plan;
  readonly resources: readonly PlannedResource[];
  /** `org/project/stack` names of the StackReferences this layer reads. */
  readonly stackReferences: readonly string[];
  /** The region of the layer's AWS provider(s). */
  readonly regions: readonly string[];
  /** The mock outputs (what the next layer's StackReferences read), never a deployed stack's. */
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** The plans of one environment: all four layers synthesized for the same stack. */
export interface Environment {
  readonly stack: string;
  readonly layers: readonly LayerPlan[];
}

/** Steps whose resource will not exist after the update: no policy looks at them and no count includes them. */
export const GONE_OPS: ReadonlySet<string> = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

/** The logical name of a resource: the last `::` segment of its URN. */
export function nameFromUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The type of a URN's resource: the last `$`-separated part of its type segment (its parents come first). */
export function typeFromUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** Counts the steps a plan keeps, by operation and by type: their totals always agree. */
export function countPlan(plan: Plan): PlanCounts {
  const byOperation: Record<string, number> = {};
  const byType: Record<string, number> = {};
  let total = 0;
  for (const step of plan.steps) {
    if (GONE_OPS.has(step.op)) {
      continue;
    }
    total++;
    byOperation[step.op] = (byOperation[step.op] ?? 0) + 1;
    const type = step.newState?.type ?? typeFromUrn(step.urn);
    byType[type] = (byType[type] ?? 0) + 1;
  }
  return { total, byOperation, byType };
}

/** The AWS (custom, non-Pulumi) resources a layer's plan creates, in plan order. */
export function plannedResources(layer: Layer, plan: Plan): PlannedResource[] {
  return plan.steps
    .filter((s) => s.op === "create" && s.newState?.custom === true && !s.newState.type.startsWith("pulumi:"))
    .map((s) => ({
      layer,
      urn: s.urn,
      name: nameFromUrn(s.urn),
      type: (s.newState as PlanState).type,
      id: s.newState?.id ?? "",
      inputs: s.newState?.inputs ?? {},
    }));
}
