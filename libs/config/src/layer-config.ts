import { PROTECTED_BY_NAME, PROTECTED_KEY, stackProtection } from "@fin/naming";
import { REQUIREMENTS } from "./requirements";
import { ConfigReader, ConfigSource, pulumiConfigSource } from "./config-reader";
import { pulumiRuntime } from "./pulumi-runtime";
import { checkSharedNetworkLayer } from "./shared-network";

/** The requirements fix the region; another one needs `allowRegionOverride: true`. */
export const DEFAULT_REGION = REQUIREMENTS.region;

export const LAYERS = ["security", "network", "data", "compute"] as const;
export type Layer = (typeof LAYERS)[number];

export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;

/**
 * The accounts a stack may change, as stack config. Only the default provider reads `aws:*` config
 * (an explicit aws.Provider takes its inputs from its arguments alone: @pulumi/aws provider.js), and
 * every layer disables the default provider, so this key is read here and handed to the explicit
 * provider, which refuses any other account when it is configured, before any resource is read or
 * changed (terraform-provider-aws internal/conns/config.go ConfigureProvider: VerifyAccountIDAllowed).
 */
export const ALLOWED_ACCOUNT_IDS_KEY = "aws:allowedAccountIds";

/** An AWS account id: 12 digits. A string in YAML, since a number would lose leading zeros. */
export const AWS_ACCOUNT_ID = /^\d{12}$/;

/** Settings every layer has: identity, region, StackReference organization and tag values. */
export interface LayerConfig {
  readonly layer: Layer;
  readonly project: string;
  readonly stack: string;
  readonly environmentSuffix: string;
  readonly region: string;
  /** `<org>` of `<org>/<project>/<stack>` StackReferences; "organization" on self-managed backends. */
  readonly stackOrganization: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly dataClassification: (typeof DATA_CLASSIFICATIONS)[number];
  /** `aws:allowedAccountIds`: the explicit provider refuses credentials of any other account. Empty: unpinned. */
  readonly allowedAccountIds: readonly string[];
}

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Reads the keys every layer declares in its Pulumi.yaml. */
export function readLayerConfig(layer: Layer, reader: ConfigReader): LayerConfig {
  checkSharedNetworkLayer(layer, reader);
  const environmentSuffix = reader.environmentSuffix();
  const region = reader.string("aws:region", REGION_PATTERN, "must be an AWS region name such as us-east-2");
  const allowRegionOverride = reader.boolean("allowRegionOverride");
  reader.check(
    region === DEFAULT_REGION || allowRegionOverride,
    "aws:region",
    region,
    `must be ${DEFAULT_REGION} unless allowRegionOverride is true`,
  );
  const allowedAccountIds =
    reader.optionalStringList(ALLOWED_ACCOUNT_IDS_KEY, {
      pattern: AWS_ACCOUNT_ID,
      rule: "must be a 12-digit AWS account id, quoted so YAML keeps it a string",
    }) ?? [];
  // `protected` is read only to enforce these rules; tools/orchestration reads it from the stack file.
  const protectedFlag = reader.boolean(PROTECTED_KEY);
  reader.check(
    protectedFlag || !PROTECTED_BY_NAME.includes(reader.stack),
    PROTECTED_KEY,
    protectedFlag,
    `must be true for stack ${reader.stack}, which is always protected: its stack file says so`,
  );
  const protection = stackProtection(reader.stack, protectedFlag);
  reader.requireWhen(
    protection.protected,
    allowedAccountIds.length > 0,
    ALLOWED_ACCOUNT_IDS_KEY,
    `a protected stack (${protection.reason}) names the AWS account(s) it may change, so credentials for any other account fail before a change`,
  );
  return {
    layer,
    project: reader.project,
    stack: reader.stack,
    environmentSuffix,
    region,
    stackOrganization: reader.string("stackOrganization", /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must be a Pulumi organization name"),
    owner: reader.string("owner", /^\S+$/, "must be a non-empty tag value without spaces"),
    costCenter: reader.string("costCenter", /^\S+$/, "must be a non-empty tag value without spaces"),
    dataClassification: reader.oneOf("dataClassification", DATA_CLASSIFICATIONS),
    allowedAccountIds,
  };
}

/**
 * The one entry point a stack's `src/config.ts` calls: reads the common keys and the layer's own
 * (`readOwn`), then throws every problem at once before any resource is declared.
 */
export function loadLayerConfig<T extends object>(
  layer: Layer,
  /** Gets the common settings too, e.g. the suffix a layer's own name-length rules need. */
  readOwn: (reader: ConfigReader, common: LayerConfig) => T,
  source: ConfigSource = pulumiConfigSource(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): LayerConfig & T {
  const pulumi = pulumiRuntime();
  const reader = new ConfigReader(pulumi.getProject(), pulumi.getStack(), source, env);
  const base = readLayerConfig(layer, reader);
  const own = readOwn(reader, base);
  return reader.done({ ...base, ...own });
}
