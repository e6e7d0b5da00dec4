// The offline diff of two plans of the same environment (a base ref's and the working tree's):
// resources added, removed and changed per layer, each changed input old -> new. Inputs that hold a
// JSON document as a string (IAM and bucket policies, container definitions) are decoded and diffed
// by key, so a reviewer sees the one statement that changed instead of two escaped strings.
import { LAYERS, Layer } from "@fin/config";
import { FORCE_NEW, STATEFUL, forcingReplacement } from "./force-new";
import { Environment, GONE_OPS, LayerPlan, PlanState, PlanStep, nameFromUrn } from "./model";
import { decodeJson, physicalName } from "./tree";

/** One changed value inside a resource's inputs, at a path such as `policy.Statement[0].Action`. */
export interface InputChange {
  readonly path: string;
  /** The top-level input the path lies in (what ForceNew is declared on). */
  readonly input: string;
  /** undefined when the value was added. */
  readonly old?: unknown;
  /** undefined when the value was removed. */
  readonly new?: unknown;
}

export interface ResourceRef {
  readonly urn: string;
  readonly name: string;
  readonly type: string;
  readonly physicalName?: string;
}

export interface ResourceChange extends ResourceRef {
  readonly changes: readonly InputChange[];
  /** The changed top-level inputs that force a replacement (FORCE_NEW); empty: an in-place update. */
  readonly replacedBy: readonly string[];
  /** The physical name before, when it changes. */
  readonly oldPhysicalName?: string;
}

/** A loud warning: a stateful resource replaced, removed or renamed. */
export interface StatefulWarning {
  readonly urn: string;
  readonly message: string;
}

export interface LayerDiff {
  readonly layer: Layer;
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  readonly changed: readonly ResourceChange[];
  readonly warnings: readonly StatefulWarning[];
}

export interface EnvironmentDiff {
  readonly stack: string;
  readonly layers: readonly LayerDiff[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The differences between two values, by key (objects) and index (arrays); JSON strings are decoded first. */
export function diffValues(old: unknown, next: unknown, path: string, input: string): InputChange[] {
  const a = decodeJson(old) ?? old;
  const b = decodeJson(next) ?? next;
  if (same(a, b)) {
    return [];
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], `${path}.${k}`, input));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => diffValues(a[i], b[i], `${path}[${i}]`, input)).flat();
  }
  return [{ path, input, ...(a === undefined ? {} : { old: a }), ...(b === undefined ? {} : { new: b }) }];
}

/** The input changes of one resource, top-level inputs in name order. */
export function diffInputs(old: Readonly<Record<string, unknown>>, next: Readonly<Record<string, unknown>>): InputChange[] {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort();
  return keys.flatMap((k) => diffValues(old[k], next[k], k, k));
}

/** A step the plan keeps, with the state it leaves. */
type KeptStep = PlanStep & { readonly newState: PlanState };

function kept(layer: LayerPlan | undefined): Map<string, KeptStep> {
  const steps = (layer?.plan.steps ?? []).filter((s): s is KeptStep => s.newState !== undefined && !GONE_OPS.has(s.op));
  return new Map(steps.map((s) => [s.urn, s]));
}

function ref(step: KeptStep): ResourceRef {
  const physical = physicalName(step.newState.inputs ?? {});
  return { urn: step.urn, name: nameFromUrn(step.urn), type: step.newState.type, ...(physical ? { physicalName: physical } : {}) };
}

const label = (r: ResourceRef): string => `${r.name}${r.physicalName ? ` (${r.physicalName})` : ""}`;

/** Diffs one layer's plans; a layer missing on one side counts as empty there. */
export function diffLayer(layer: Layer, base: LayerPlan | undefined, head: LayerPlan | undefined): LayerDiff {
  const before = kept(base);
  const after = kept(head);
  const added = [...after.values()].filter((s) => !before.has(s.urn)).map(ref);
  const removed = [...before.values()].filter((s) => !after.has(s.urn)).map(ref);
  const changed: ResourceChange[] = [];
  for (const [urn, step] of after) {
    const previous = before.get(urn);
    if (!previous) {
      continue;
    }
    const changes = diffInputs(previous.newState.inputs ?? {}, step.newState.inputs ?? {});
    if (changes.length === 0) {
      continue;
    }
    const now = ref(step);
    const was = ref(previous);
    const replacedBy = forcingReplacement(now.type, [...new Set(changes.map((c) => c.input))]);
    changed.push({ ...now, changes, replacedBy, ...(was.physicalName !== now.physicalName ? { oldPhysicalName: was.physicalName ?? "" } : {}) });
  }
  const warnings: StatefulWarning[] = [];
  for (const c of changed) {
    const kind = STATEFUL[c.type];
    if (!kind || c.replacedBy.length === 0) {
      continue;
    }
    // The stateful kind's own name input (an instance's identifier, not its cluster's).
    const rename = kind.nameInput === undefined ? undefined : c.changes.find((change) => change.path === kind.nameInput);
    const what = rename ? `physical name ${String(rename.old)} -> ${String(rename.new)}` : `${c.replacedBy.join(", ")} changed`;
    warnings.push({ urn: c.urn, message: `${kind.what} ${c.name} is REPLACED (${what}): ${kind.loss}` });
  }
  for (const r of removed) {
    const kind = STATEFUL[r.type];
    if (kind) {
      warnings.push({ urn: r.urn, message: `${kind.what} ${label(r)} is DELETED: its data goes with it unless it is retained or backed up` });
    }
  }
  return { layer, added, removed, changed, warnings };
}

/** Diffs every layer of two environments' plans, in deployment order. */
export function diffEnvironments(base: Environment, head: Environment): EnvironmentDiff {
  const find = (env: Environment, layer: Layer) => env.layers.find((l) => l.layer === layer);
  return { stack: head.stack, layers: LAYERS.map((layer) => diffLayer(layer, find(base, layer), find(head, layer))) };
}

/** True when the layer's plan did not change. */
export const unchanged = (d: LayerDiff): boolean => d.added.length + d.removed.length + d.changed.length === 0;

/** A value as a diff line shows it: JSON, long values cut to keep a line readable. */
export function showValue(value: unknown, max = 120): string {
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export type DiffFormat = "text" | "markdown";

/** `3 added, 1 removed, 2 changed (1 replaced)`. */
export function layerCounts(d: LayerDiff): string {
  const replaced = d.changed.filter((c) => c.replacedBy.length > 0).length;
  return `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed${replaced > 0 ? ` (${replaced} replaced)` : ""}`;
}

/** The resource part of one layer's diff, as text (like `pulumi preview --diff`) or markdown. */
export function renderLayerDiff(d: LayerDiff, format: DiffFormat): string[] {
  const md = format === "markdown";
  const code = (s: string): string => `\`${s}\``;
  const lines: string[] = [];
  if (md && d.warnings.length > 0) {
    // One GitHub alert block for all of them; the blank line ends it before the list.
    lines.push("> [!CAUTION]", ...d.warnings.map((w) => `> - **${w.message}**`), "");
  }
  if (!md) {
    d.warnings.forEach((w) => lines.push(`!! ${w.message}`));
  }
  const item = (symbol: string, r: ResourceRef, note = ""): string => (md ? `- ${symbol} ${code(r.type)} **${label(r)}**${note}` : `${symbol} ${r.type} ${label(r)}${note}`);
  d.added.forEach((r) => lines.push(item("+", r)));
  d.removed.forEach((r) => lines.push(item("-", r)));
  for (const c of d.changed) {
    const replaced = c.replacedBy.length > 0;
    const source = FORCE_NEW[c.type]?.source;
    const note = replaced ? ` REPLACE (forced by ${c.replacedBy.join(", ")}; ${source})` : source ? " update in place" : " update (whether it replaces is not known: the type is not in FORCE_NEW)";
    lines.push(item(replaced ? "+-" : "~", c, md && replaced ? ` **${note.trim()}**` : note));
    for (const change of c.changes) {
      const forces = c.replacedBy.includes(change.input) ? " [forces replacement]" : "";
      const delta = change.old === undefined ? `+ ${showValue(change.new)}` : change.new === undefined ? `- ${showValue(change.old)}` : `${showValue(change.old)} -> ${showValue(change.new)}`;
      lines.push(md ? `  - ${code(change.path)}: ${code(delta)}${forces}` : `    ${change.path}: ${delta}${forces}`);
    }
  }
  return lines;
}
