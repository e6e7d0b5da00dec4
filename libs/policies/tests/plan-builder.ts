import { Policy } from "@pulumi/policy";
import type { Plan, PlanState, PlanStep } from "@fin/plan";
import { Violation, evaluatePlan } from "../src/evaluate";

/** Small plans in the `pulumi preview --json` shape, for the rule tests. */
export const STACK_URN = "urn:pulumi:dev::fin-test::pulumi:pulumi:Stack::fin-test-dev";
export const PROVIDER_URN = "urn:pulumi:dev::fin-test::pulumi:pulumi:Stack$pulumi:providers:aws::aws-us-east-2";

export function urnOf(type: string, name: string): string {
  return `urn:pulumi:dev::fin-test::${type}::${name}`;
}

/** One created resource with the given inputs (what synth and preview put in newState.inputs). */
export function res(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlanState> = {}): PlanStep {
  const urn = urnOf(type, name);
  return {
    op: "create",
    urn,
    newState: { urn, type, custom: true, id: `${name}-id`, provider: `${PROVIDER_URN}::provider-id`, protect: false, retainOnDelete: false, inputs, ...extra },
  };
}

/** The default tags createAwsProvider sets that the policies read. */
export function providerTags(suffix = "dev", environment = "dev"): Record<string, string> {
  return { environment, "environment-suffix": suffix, layer: "test" };
}

/** The stack and its aws provider, tagged as createAwsProvider does (a JSON string, as synth writes it). */
export function baseSteps(suffix = "dev", environment = "dev"): PlanStep[] {
  return [
    { op: "create", urn: STACK_URN, newState: { urn: STACK_URN, type: "pulumi:pulumi:Stack", custom: false, inputs: {} } },
    {
      op: "create",
      urn: PROVIDER_URN,
      newState: {
        urn: PROVIDER_URN,
        type: "pulumi:providers:aws",
        custom: true,
        id: "provider-id",
        inputs: { region: "us-east-2", defaultTags: JSON.stringify({ tags: providerTags(suffix, environment) }) },
      },
    },
  ];
}

export function plan(...steps: PlanStep[]): Plan {
  return { steps: [...baseSteps(), ...steps] };
}

/** The violations one policy reports on the given resources (plus the stack and provider). */
export async function violationsOf(policy: Policy, ...steps: PlanStep[]): Promise<Violation[]> {
  return (await evaluatePlan(plan(...steps), { policies: [policy as never] })).violations;
}

/** Just the messages, for the exact-message assertions. */
export async function messagesOf(policy: Policy, ...steps: PlanStep[]): Promise<string[]> {
  return (await violationsOf(policy, ...steps)).map((v) => v.message);
}
