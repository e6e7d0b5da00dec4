/**
 * Which stacks are protected: their destroy, and any deploy whose plan replaces or deletes a
 * stateful resource, runs only with `--confirm=<stack>` (tools/orchestration, ADR 0011). It lives
 * here, beside the suffix rule, because both the orchestration wrapper (before any Pulumi command)
 * and the programs' config loader apply it, and this lib loads without the Pulumi SDK.
 */

/** The common config key (boolean, Pulumi.yaml default false) that protects any stack. */
export const PROTECTED_KEY = "protected";

/** Stacks protected by their name, whatever their config says. */
export const PROTECTED_BY_NAME: readonly string[] = ["prod"];

export interface StackProtection {
  readonly protected: boolean;
  /** Why, in words a refusal can quote. */
  readonly reason: string;
}

/** `configured`: the stack's `protected` value (its Pulumi.yaml default when the stack file omits it). */
export function stackProtection(stack: string, configured: boolean): StackProtection {
  if (PROTECTED_BY_NAME.includes(stack)) {
    return { protected: true, reason: `stack ${stack} is always protected` };
  }
  return configured
    ? { protected: true, reason: `its config sets ${PROTECTED_KEY}: true` }
    : { protected: false, reason: `its config leaves ${PROTECTED_KEY} false` };
}
