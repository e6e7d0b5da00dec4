import type * as Aws from "@pulumi/aws";
import type { LayerConfig } from "./layer-config";
import type { Profile } from "./profile";

/** The tag naming a layer's environment profile; the policy pack reads it (libs/policies lib/environment.ts). */
export const PROFILE_TAG = "environment-profile";

/**
 * Tags every resource gets from the provider, so no component copies a tag map by hand. Layers
 * that read a `profile` (data, compute) also tag it, so policies know an ephemeral environment.
 */
export function defaultTags(config: LayerConfig & { readonly profile?: Profile }): Record<string, string> {
  return {
    environment: config.stack,
    "environment-suffix": config.environmentSuffix,
    layer: config.layer,
    owner: config.owner,
    "cost-center": config.costCenter,
    "data-classification": config.dataClassification,
    "managed-by": "pulumi",
    ...(config.profile ? { [PROFILE_TAG]: config.profile } : {}),
  };
}

/**
 * The explicit provider every resource of a layer uses. Each Pulumi.yaml disables the default
 * aws provider, so a resource that forgets this provider fails instead of landing untagged. It is
 * pinned to the stack's `aws:allowedAccountIds` (see ALLOWED_ACCOUNT_IDS_KEY): with credentials for
 * another account, preview, up and destroy fail when the provider is configured, before any change.
 */
export function createAwsProvider(config: LayerConfig & { readonly profile?: Profile }): Aws.Provider {
  // Loaded here, not when the library is imported, like @pulumi/pulumi (pulumi-runtime.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const aws = require("@pulumi/aws") as typeof Aws;
  return new aws.Provider(`aws-${config.region}`, {
    region: config.region as Aws.Region,
    allowedAccountIds: config.allowedAccountIds.length > 0 ? [...config.allowedAccountIds] : undefined,
    defaultTags: { tags: defaultTags(config) },
  });
}
