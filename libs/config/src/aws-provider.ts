import * as aws from "@pulumi/aws";
import type { LayerConfig } from "./layer-config";

/** Tags every resource gets from the provider, so no component copies a tag map by hand. */
export function defaultTags(config: LayerConfig): Record<string, string> {
  return {
    environment: config.stack,
    "environment-suffix": config.environmentSuffix,
    layer: config.layer,
    owner: config.owner,
    "cost-center": config.costCenter,
    "data-classification": config.dataClassification,
    "managed-by": "pulumi",
  };
}

/**
 * The explicit provider every resource of a layer uses. Each Pulumi.yaml disables the default
 * aws provider, so a resource that forgets this provider fails instead of landing untagged.
 */
export function createAwsProvider(config: LayerConfig): aws.Provider {
  return new aws.Provider(`aws-${config.region}`, {
    region: config.region as aws.Region,
    defaultTags: { tags: defaultTags(config) },
  });
}
