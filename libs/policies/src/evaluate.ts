import {
  Policies,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { GONE_OPS, Plan, PlanState, PlanStep, countPlan } from "@fin/plan";
import { FIN_PLATFORM_POLICIES } from "./policies";
import { list, nameFromUrn } from "./lib/values";

export type ViolationLevel = "advisory" | "mandatory";

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: ViolationLevel;
  readonly urn: string;
  readonly message: string;
}

export interface EvaluationResult {
  /** Resources the plan leaves in place (`countPlan(plan).total`, the count synth and plan print). */
  readonly resources: number;
  readonly violations: Violation[];
}

export interface EvaluateOptions {
  /** The policies to run; the whole fin-platform pack by default. */
  readonly policies?: Policies;
  /**
   * Outputs of the stack a StackReference names (`org/project/stack`), for plans that carry only
   * its inputs (synth's do). A stack policy sees a resource's outputs under the engine.
   */
  readonly stackOutputs?: (referenceName: string) => Record<string, unknown> | undefined;
}

/** Pulumi's secret envelope in serialized property values. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces secret envelopes with their values, as the engine does before calling a policy. */
export function revealSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(revealSecrets);
  }
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    if (object[SECRET_SIG] === SECRET_VALUE) {
      return revealSecrets(object.value);
    }
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, revealSecrets(v)]));
  }
  return value;
}

class NotApplicableError extends Error {}

function notApplicable(reason?: string): never {
  throw new NotApplicableError(reason);
}

/** Exactly the engine's type test: the class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: { __pulumiType?: string; isInstance?: (o: unknown) => boolean }): boolean {
  if (typeof resourceClass.__pulumiType === "string" && resourceClass.__pulumiType !== "") {
    return type === resourceClass.__pulumiType;
  }
  return typeof resourceClass.isInstance === "function" && resourceClass.isInstance({ __pulumiType: type }) === true;
}

/** The level a violation is reported at: the engine's default is advisory, remediate counts as mandatory. */
function levelOf(policy: { enforcementLevel?: string }): ViolationLevel | undefined {
  const level = policy.enforcementLevel ?? "advisory";
  if (level === "disabled") {
    return undefined;
  }
  return level === "advisory" ? "advisory" : "mandatory";
}

interface Planned {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  /** What a stack policy sees: inputs, then outputs (known offline or from the plan), then the id. */
  readonly state: Record<string, unknown>;
  readonly opts: PolicyResourceOptions & { retainOnDelete: boolean };
  readonly providerUrn?: string;
  readonly parent?: string;
  readonly dependencies: readonly string[];
}

function toPlanned(step: PlanStep, options: EvaluateOptions): Planned {
  const s = step.newState as PlanState;
  const urn = s.urn ?? step.urn;
  const inputs = revealSecrets(s.inputs ?? {}) as Record<string, unknown>;
  let outputs = revealSecrets(s.outputs ?? {}) as Record<string, unknown>;
  if (s.type === "pulumi:pulumi:StackReference" && outputs.outputs === undefined) {
    const referenced = options.stackOutputs?.(String(inputs.name));
    outputs = referenced ? { ...outputs, outputs: referenced } : outputs;
  }
  return {
    urn,
    type: s.type,
    name: nameFromUrn(urn),
    inputs,
    state: { ...inputs, ...outputs, ...(s.id !== undefined && outputs.id === undefined ? { id: s.id } : {}) },
    opts: {
      protect: s.protect === true,
      retainOnDelete: s.retainOnDelete === true,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...(s.parent ? { parent: s.parent } : {}),
    },
    ...(s.provider ? { providerUrn: s.provider.slice(0, s.provider.lastIndexOf("::")) } : {}),
    ...(s.parent ? { parent: s.parent } : {}),
    dependencies: s.dependencies ?? [],
  };
}

function reporter(violations: Violation[], policy: string, level: ViolationLevel, defaultUrn: string): ReportViolation {
  return (message: string, urn?: string) => violations.push({ policy, enforcementLevel: level, urn: urn ?? defaultUrn, message });
}

function failure(policy: string, urn: string, error: unknown): Error {
  return new Error(`Policy '${policy}' failed on ${urn}: ${(error as Error).message}`);
}

/**
 * Runs a policy pack over a plan the way the Pulumi engine does at preview: every resource
 * policy on each resource's inputs (typed policies filtered by type token), then every stack
 * policy once over all resources. A policy that throws aborts the evaluation, as under the engine.
 */
export async function evaluatePlan(plan: Plan, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const policies = options.policies ?? FIN_PLATFORM_POLICIES;
  const planned = plan.steps
    .filter((step) => step.newState !== undefined && !GONE_OPS.has(step.op))
    .map((step) => toPlanned(step, options));
  const byUrn = new Map(planned.map((p) => [p.urn, p]));
  const stackUrn = planned.find((p) => p.type === "pulumi:pulumi:Stack")?.urn ?? "";
  const violations: Violation[] = [];

  const providerOf = (p: Planned): PolicyProviderResource | undefined => {
    const provider = p.providerUrn ? byUrn.get(p.providerUrn) : undefined;
    return provider && { type: provider.type, props: provider.state, urn: provider.urn, name: provider.name };
  };

  for (const resource of planned) {
    const provider = providerOf(resource);
    const args: ResourceValidationArgs = {
      type: resource.type,
      props: resource.inputs,
      urn: resource.urn,
      name: resource.name,
      opts: resource.opts,
      ...(provider ? { provider } : {}),
      stackTags: new Map(),
      isType: (cls) => isTypeOf(resource.type, cls as never),
      asType: (cls) => (isTypeOf(resource.type, cls as never) ? (resource.inputs as never) : undefined),
      getConfig: <T extends object>() => ({}) as T,
      notApplicable,
    };
    for (const policy of policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p)) {
      const level = levelOf(policy);
      if (level === undefined) {
        continue;
      }
      for (const validation of list<ResourceValidation>(policy.validateResource)) {
        // The engine's fast path: a typed validation never runs on another type.
        const only = (validation as { __pulumiType?: string }).__pulumiType;
        if (only !== undefined && only !== resource.type) {
          continue;
        }
        try {
          await validation(args, reporter(violations, policy.name, level, resource.urn));
        } catch (error) {
          if (!(error instanceof NotApplicableError)) {
            throw failure(policy.name, resource.urn, error);
          }
        }
      }
    }
  }

  const resources: PolicyResource[] = planned.map((p) => {
    const provider = providerOf(p);
    return {
      type: p.type,
      props: p.state,
      urn: p.urn,
      name: p.name,
      opts: p.opts,
      ...(provider ? { provider } : {}),
      dependencies: [],
      propertyDependencies: {},
      isType: (cls) => isTypeOf(p.type, cls as never),
      asType: (cls) => (isTypeOf(p.type, cls as never) ? (p.state as never) : undefined),
    };
  });
  const resourceByUrn = new Map(resources.map((r) => [r.urn, r]));
  planned.forEach((p, i) => {
    const parent = p.parent ? resourceByUrn.get(p.parent) : undefined;
    if (parent) {
      resources[i].parent = parent;
    }
    resources[i].dependencies = p.dependencies.map((d) => resourceByUrn.get(d)).filter((d): d is PolicyResource => d !== undefined);
  });

  for (const policy of policies.filter((p): p is StackValidationPolicy => "validateStack" in p)) {
    const level = levelOf(policy);
    if (level === undefined) {
      continue;
    }
    try {
      await policy.validateStack(
        { resources, stackTags: new Map(), getConfig: <T extends object>() => ({}) as T, notApplicable },
        reporter(violations, policy.name, level, stackUrn),
      );
    } catch (error) {
      if (!(error instanceof NotApplicableError)) {
        throw failure(policy.name, stackUrn, error);
      }
    }
  }
  return { resources: countPlan(plan).total, violations };
}
