import type { Layer } from "@fin/config";
import {
  COMPUTE_OUTPUT_KEYS,
  ComputeOutputs,
  ContractKeys,
  DATA_OUTPUT_KEYS,
  DataOutputs,
  NETWORK_OUTPUT_KEYS,
  NetworkOutputs,
  SECURITY_OUTPUT_KEYS,
  SecurityOutputs,
} from "@fin/contracts";
import type { Check } from "./check";
import { auroraClusterChecks, auroraInstancesCheck, masterSecretCheck } from "./checks/aurora";
import { backupPlanCheck, backupVaultCheck } from "./checks/backup";
import { fargateSpotCheck, servicePrivateSubnetsCheck, taskSizeCheck, tasksRunningCheck } from "./checks/ecs";
import { kmsKeyCheck } from "./checks/kms";
import { logGroupCheck } from "./checks/logs";
import { availabilityZonesCheck, endpointsCheck, noNatGatewayCheck, privateSubnetsCheck } from "./checks/network";
import { encryptionCheck, lifecycleCheck, publicAccessBlockCheck, versioningCheck } from "./checks/s3";
import { streamEncryptionCheck } from "./checks/stream";
import type { KeyRef } from "./kms-key";

/** Every layer's deployed outputs, as the contracts type them. */
export interface DeployedOutputs {
  readonly security: SecurityOutputs;
  readonly network: NetworkOutputs;
  readonly data: DataOutputs;
  readonly compute: ComputeOutputs;
}

export const CONTRACT_KEYS: { readonly [L in Layer]: ContractKeys<DeployedOutputs[L]> } = {
  security: SECURITY_OUTPUT_KEYS,
  network: NETWORK_OUTPUT_KEYS,
  data: DATA_OUTPUT_KEYS,
  compute: COMPUTE_OUTPUT_KEYS,
};

/** The outputs a layer's checks read: its own and the upstream ones holding expected values. */
export const LAYER_INPUTS: { readonly [L in Layer]: readonly Layer[] } = {
  security: ["security"],
  // Expected key ARNs come from security; the service's subnets are judged against network's.
  network: ["network", "security"],
  data: ["data", "security"],
  compute: ["compute", "network", "security"],
};

function key(s: SecurityOutputs, purpose: "database" | "logs" | "storage" | "backup"): KeyRef {
  return { arn: s[`${purpose}KeyArn`], id: s[`${purpose}KeyId`], alias: s[`${purpose}KeyAlias`] };
}

const BUILDERS: { readonly [L in Layer]: (o: DeployedOutputs, region: string) => Check[] } = {
  security: ({ security: s }) => (["database", "logs", "storage", "backup"] as const).map((p) => kmsKeyCheck(p, key(s, p))),
  network: ({ network: n, security: s }, region) => [
    availabilityZonesCheck(n),
    privateSubnetsCheck(n),
    noNatGatewayCheck(n),
    endpointsCheck(n, region),
    logGroupCheck("logs.flow-logs", n.flowLogGroupName, key(s, "logs")),
  ],
  data: ({ data: d, security: s }) => [
    ...auroraClusterChecks(d, key(s, "database")),
    masterSecretCheck(d, key(s, "database")),
    auroraInstancesCheck(d),
    logGroupCheck("logs.database", d.databaseLogGroupName, key(s, "logs")),
    ...(
      [
        ["raw", d.rawBucketName],
        ["processed", d.processedBucketName],
      ] as const
    ).flatMap(([label, bucket]) => [
      versioningCheck(label, bucket),
      encryptionCheck(label, bucket, key(s, "storage")),
      publicAccessBlockCheck(label, bucket),
      lifecycleCheck(label, bucket),
    ]),
    // The access-log bucket must be SSE-S3 (S3 log delivery cannot use KMS) and has no lifecycle
    // requirement; it must still never be public.
    publicAccessBlockCheck("access-logs", d.accessLogBucketName),
    streamEncryptionCheck(d.streamName, key(s, "storage")),
    backupPlanCheck(d),
    backupVaultCheck(d, key(s, "backup")),
  ],
  compute: ({ compute: c, network: n, security: s }) => [
    fargateSpotCheck(c),
    servicePrivateSubnetsCheck(c, n),
    tasksRunningCheck(c),
    taskSizeCheck(c),
    logGroupCheck("logs.compute", c.logGroupName, key(s, "logs")),
  ],
};

/**
 * The checks of one layer. `outputs` must hold the layers {@link LAYER_INPUTS} lists for it
 * (`loadLayerOutputs` guarantees that); the others may be absent.
 */
export function checksForLayer(layer: Layer, outputs: Partial<DeployedOutputs>, region: string): Check[] {
  return BUILDERS[layer](outputs as DeployedOutputs, region);
}
