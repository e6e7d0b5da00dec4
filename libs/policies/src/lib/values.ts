/**
 * Helpers for reading resource inputs the way both the Pulumi engine and `pulumi preview --json`
 * hand them to policies: JSON documents (IAM policies, container definitions, provider settings)
 * arrive as strings, lists may be missing, and an absent value means "AWS default".
 */

/** Parses a JSON document given as a string; any other value is returned as is. */
export function fromJson(value: unknown): unknown {
  if (typeof value !== "string") {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** A value that may be one item, a list or missing, as a list. */
export function list<T>(value: T | readonly T[] | undefined | null): T[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? [...(value as T[])] : [value as T];
}

/** How a value reads in a violation message: JSON for values, "unset" for nothing. */
export function show(value: unknown): string {
  return value === undefined || value === null ? "unset" : JSON.stringify(value);
}

/** A plain object view of an unknown value (a JSON object or a parsed JSON string). */
export function record(value: unknown): Record<string, unknown> {
  const parsed = fromJson(value);
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

/** The CIDRs that mean "anywhere". */
export const WORLD_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

/**
 * True when a KMS key reference names a customer-managed key: any key id, key ARN or alias,
 * except the AWS-managed `alias/aws/<service>` keys (which the account cannot rotate or audit).
 */
export function isCustomerManagedKey(keyId: unknown): boolean {
  return typeof keyId === "string" && keyId.length > 0 && !/(^|:)alias\/aws\//.test(keyId);
}

/** The resource name Pulumi puts last in a URN. */
export function nameFromUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}
