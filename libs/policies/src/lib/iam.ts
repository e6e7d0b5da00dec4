import { fromJson, list } from "./values";

/** One IAM policy statement, with Action/Resource normalised to lists. */
export interface Statement {
  readonly sid: string;
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly notResources: string[];
}

/** The statements of a policy document given as JSON text or an object; none if it is not one. */
export function statements(document: unknown): Statement[] {
  const parsed = fromJson(document) as { Statement?: unknown } | undefined;
  const raw = parsed && typeof parsed === "object" ? list(parsed.Statement as Record<string, unknown>[]) : [];
  return raw.map((s, index) => ({
    sid: typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : `#${index}`,
    effect: String(s.Effect),
    actions: list(s.Action as string[]),
    notActions: list(s.NotAction as string[]),
    resources: list(s.Resource as string[]),
    notResources: list(s.NotResource as string[]),
  }));
}

/** `*` or `service:*`: every action of every service, or of one service. */
export function isWildcardAction(action: string): boolean {
  return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}
