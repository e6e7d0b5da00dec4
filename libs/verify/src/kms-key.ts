/** A customer-managed key as the security layer exports it. */
export interface KeyRef {
  readonly arn: string;
  readonly id: string;
  readonly alias: string;
}

/**
 * Services echo a key back as whatever they were given or store: the key ARN, its id, the alias
 * name or the alias ARN. Any of them identifies the expected key.
 */
export function isKey(observed: string | undefined, key: KeyRef): boolean {
  if (observed === undefined) {
    return false;
  }
  const region = key.arn.split(":").slice(0, 5).join(":");
  return [key.arn, key.id, key.alias, `${region}:${key.alias}`].includes(observed);
}
