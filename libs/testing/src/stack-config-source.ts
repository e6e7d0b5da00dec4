import { resolveStackConfig } from "./stack-config";

/** Structurally `ConfigSource` of @fin/config (which this lib does not import): fully qualified key -> string value. */
export interface StackConfigSource {
  get(qualifiedKey: string): string | undefined;
}

/**
 * A stack's configuration as `pulumi up` would see it (see `resolveStackConfig`), in the shape the
 * layers' `load<Layer>Config(source)` take, so config tests read the real Pulumi.<stack>.yaml.
 */
export function stackConfigSource(stackDir: string, stack: string, overrides: Record<string, unknown> = {}): StackConfigSource {
  const values = resolveStackConfig(stackDir, stack, overrides);
  return { get: (key) => values[key] };
}
