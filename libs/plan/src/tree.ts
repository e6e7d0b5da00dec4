// The plan as a tree in the style of `pulumi preview`: each resource under its parent (the stack,
// then components, then their children), with its operation, type, logical name and physical name,
// and the JSON documents reviewers must read (IAM and bucket policies, trust policies, container
// definitions) decoded instead of shown as escaped strings.
import { LayerPlan, PlanStep, countPlan, nameFromUrn } from "./model";
import { countsLine } from "./summary";

/** `pulumi preview`'s operation symbols (pulumi/pulumi pkg/resource/deploy/step.go, `StepOp.RawPrefix`). */
export const OP_SYMBOLS: Readonly<Record<string, string>> = { create: "+", read: ">", same: " ", update: "~", replace: "+-", "create-replacement": "++", "delete-replaced": "--", delete: "-" };

/** Inputs that hold a JSON document as a string (`aws.iam.Role.assumeRolePolicy`, `aws.iam.RolePolicy.policy`, `aws.s3.BucketPolicy.policy`, `aws.kms.Key.policy`, `aws.ecs.TaskDefinition.containerDefinitions`, ...). */
export const JSON_DOCUMENT_INPUTS = ["policy", "assumeRolePolicy", "containerDefinitions", "inlinePolicies"] as const;

/** The inputs that carry a resource's physical name, most specific first; `tags.Name` last (VPCs, subnets). */
export const PHYSICAL_NAME_INPUTS = ["name", "bucket", "clusterIdentifier", "identifier", "family", "repositoryName", "functionName", "namePrefix"] as const;

/** The physical name a resource gets in AWS, when its inputs say so. */
export function physicalName(inputs: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of PHYSICAL_NAME_INPUTS) {
    if (typeof inputs[key] === "string" && inputs[key] !== "") {
      return inputs[key] as string;
    }
  }
  const tags = inputs["tags"] as Record<string, unknown> | undefined;
  return typeof tags?.["Name"] === "string" ? tags["Name"] : undefined;
}

/** A string input that holds a JSON object or array, parsed; anything else undefined. */
export function decodeJson(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) {
    return undefined;
  }
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The decoded JSON documents among a resource's inputs, by input name. */
export function jsonDocuments(inputs: Readonly<Record<string, unknown>>): [string, unknown][] {
  return JSON_DOCUMENT_INPUTS.map((key) => [key, decodeJson(inputs[key])] as [string, unknown]).filter(([, doc]) => doc !== undefined);
}

/** The tree of one layer's plan, one line per step (documents indented under their resource). */
export function renderTree(layer: LayerPlan): string[] {
  const steps = layer.plan.steps;
  const urns = new Set(steps.map((s) => s.urn));
  const children = new Map<string, PlanStep[]>();
  const roots: PlanStep[] = [];
  for (const step of steps) {
    const parent = step.newState?.parent;
    if (parent !== undefined && urns.has(parent)) {
      children.set(parent, [...(children.get(parent) ?? []), step]);
    } else {
      roots.push(step);
    }
  }
  const lines = [`${layer.layer} (${layer.project}/${layer.stack}): ${countsLine(countPlan(layer.plan))}`];
  const walk = (step: PlanStep, prefix: string, last: boolean, depth: number): void => {
    const branch = depth === 0 ? "" : last ? "└─ " : "├─ ";
    const inputs = step.newState?.inputs ?? {};
    const physical = physicalName(inputs);
    const symbol = (OP_SYMBOLS[step.op] ?? step.op).padEnd(2);
    lines.push(`${symbol} ${prefix}${branch}${step.newState?.type ?? step.op} ${nameFromUrn(step.urn)}${physical && physical !== nameFromUrn(step.urn) ? `  [${physical}]` : ""}`);
    const below = depth === 0 ? prefix : prefix + (last ? "   " : "│  ");
    const kids = children.get(step.urn) ?? [];
    for (const [key, doc] of jsonDocuments(inputs)) {
      const bar = kids.length > 0 ? "│  " : "   ";
      lines.push(`   ${below}${bar}${key}:`);
      for (const docLine of JSON.stringify(doc, null, 2).split("\n")) {
        lines.push(`   ${below}${bar}  ${docLine}`);
      }
    }
    kids.forEach((kid, i) => walk(kid, below, i === kids.length - 1, depth + 1));
  };
  roots.forEach((root, i) => walk(root, "", i === roots.length - 1, 0));
  return lines;
}
