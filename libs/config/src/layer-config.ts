import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "./requirements";
import { ConfigReader, ConfigSource, pulumiConfigSource } from "./config-reader";

/** The requirements fix the region; another one needs `allowRegionOverride: true`. */
export const DEFAULT_REGION = REQUIREMENTS.region;

export const LAYERS = ["security", "network", "data", "compute"] as const;
export type Layer = (typeof LAYERS)[number];

export const DATA_CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;

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
}

const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Reads the keys every layer declares in its Pulumi.yaml. */
export function readLayerConfig(layer: Layer, reader: ConfigReader): LayerConfig {
  const environmentSuffix = reader.environmentSuffix();
  const region = reader.string("aws:region", REGION_PATTERN, "must be an AWS region name such as us-east-2");
  const allowRegionOverride = reader.boolean("allowRegionOverride");
  reader.check(
    region === DEFAULT_REGION || allowRegionOverride,
    "aws:region",
    region,
    `must be ${DEFAULT_REGION} unless allowRegionOverride is true`,
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
  };
}

/**
 * The one entry point a stack's `src/config.ts` calls: reads the common keys and the layer's own
 * (`readOwn`), then throws every problem at once before any resource is declared.
 */
export function loadLayerConfig<T extends object>(
  layer: Layer,
  readOwn: (reader: ConfigReader) => T,
  source: ConfigSource = pulumiConfigSource(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): LayerConfig & T {
  const reader = new ConfigReader(pulumi.getProject(), pulumi.getStack(), source, env);
  const base = readLayerConfig(layer, reader);
  const own = readOwn(reader);
  return reader.done({ ...base, ...own });
}
