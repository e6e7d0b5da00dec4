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
import { httpsOnlyCheck, targetHealthCheck } from "./checks/alb";
import { auroraMembersCheck } from "./checks/aurora";
import { backupPlanCheck, backupVaultCheck, recoveryPointCheck } from "./checks/backup";
import { repositoryEncryptionCheck } from "./checks/ecr";
import { DEFAULT_POLL_SECONDS, DEFAULT_WAIT_SECONDS, WaitOptions, autoscalingCheck, serviceStableCheck, tasksOnSpotCheck, tasksSpreadCheck } from "./checks/ecs-live";
import { fargateSpotCheck, imagePinnedCheck, servicePrivateSubnetsCheck, taskSizeCheck, tasksRunningCheck } from "./checks/ecs";
import { kmsKeyCheck } from "./checks/kms";
import { logGroupCheck } from "./checks/logs";
import { availabilityZonesCheck, endpointsCheck, flowLogDeliveryCheck, guestNetworkCheck, noNatGatewayCheck, privateSubnetsCheck } from "./checks/network";
import { encryptionCheck, lifecycleCheck, publicAccessBlockCheck, versioningCheck } from "./checks/s3";
import { streamEncryptionCheck } from "./checks/stream";
import type { Expectations } from "./expectations";
import type { KeyRef } from "./kms-key";
import { serviceTargets } from "./service-target";
import type { NetworkHost } from "./shared-network";

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

/** The ECS cluster's Container Insights performance log group (named by ECS, created by the compute layer). */
export const containerInsightsLogGroup = (clusterName: string): string => `/aws/ecs/containerinsights/${clusterName}/performance`;

export interface LayerCheckOptions {
  /** The configured values from the synthesized plans (expectations.ts); without them those checks are "unknown". */
  readonly expectations?: Expectations;
  /** How long the compute checks wait for a stable service first. */
  readonly wait?: Partial<WaitOptions>;
  readonly now?: () => number;
  /** The shared host a guest network re-exports (loadNetworkHost); absent for a network of its own. */
  readonly host?: NetworkHost;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const BUILDERS: { readonly [L in Layer]: (o: DeployedOutputs, region: string, options: LayerCheckOptions) => Check[] } = {
  security: ({ security: s }) => (["database", "logs", "storage", "backup"] as const).map((p) => kmsKeyCheck(p, key(s, p))),
  // A guest's VPC, subnets, endpoints and flow log are its host's (re-exported, so the same checks
  // judge them), and the host's security layer encrypts the host's flow-log group.
  network: ({ network: n, security: s }, region, { host }) => [
    availabilityZonesCheck(n),
    privateSubnetsCheck(n),
    noNatGatewayCheck(n),
    endpointsCheck(n, region),
    logGroupCheck("logs.flow-logs", n.flowLogGroupName, key(host?.security ?? s, "logs")),
    flowLogDeliveryCheck(n),
    ...(host ? [guestNetworkCheck(n, host)] : []),
  ],
  data: ({ data: d, security: s }, _region, options) => [
    ...auroraClusterChecks(d, key(s, "database")),
    masterSecretCheck(d, key(s, "database")),
    auroraInstancesCheck(d, options.expectations?.data),
    auroraMembersCheck(d, options.expectations?.data, options.expectations?.missing),
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
    recoveryPointCheck(d, options.now ?? Date.now),
  ],
  compute: ({ compute: c, network: n, security: s }, _region, options) => {
    const expected = options.expectations?.compute;
    const missing = options.expectations?.missing ?? "no synthesized plan was read";
    const wait: WaitOptions = {
      waitSeconds: DEFAULT_WAIT_SECONDS,
      pollSeconds: DEFAULT_POLL_SECONDS,
      sleep: defaultSleep,
      now: options.now ?? Date.now,
      ...options.wait,
    };
    const perService = serviceTargets(c).flatMap((svc) => {
      const own = expected?.services[svc.name];
      const why = expected === undefined ? missing : `the synthesized compute plan has no ECS service tagged service=${svc.name}`;
      return [
        // First: the checks after it judge a settled rollout, not the moment after a deploy.
        serviceStableCheck(svc, wait),
        imagePinnedCheck(svc),
        fargateSpotCheck(svc),
        servicePrivateSubnetsCheck(svc, n),
        tasksRunningCheck(svc),
        tasksOnSpotCheck(svc, own, why),
        tasksSpreadCheck(svc),
        autoscalingCheck(svc, own, why),
        // Only a public service has a target group (ServiceOutputs.targetGroupArn is "" otherwise).
        ...(svc.reach === "public" && svc.targetGroupArn !== "" ? [targetHealthCheck(svc)] : []),
        taskSizeCheck(svc),
        repositoryEncryptionCheck(svc, key(s, "storage")),
        logGroupCheck(`logs.compute.${svc.name}`, svc.logGroupName, key(s, "logs")),
      ];
    });
    return [
      ...perService,
      // Only where the plan serves HTTPS (prod's requireHttps); dev's HTTP-only listener has nothing to prove.
      ...(expected?.https ? [httpsOnlyCheck(c)] : []),
      logGroupCheck("logs.container-insights", containerInsightsLogGroup(c.clusterName), key(s, "logs")),
    ];
  },
};

/**
 * The checks of one layer. `outputs` must hold the layers {@link LAYER_INPUTS} lists for it
 * (`loadLayerOutputs` guarantees that); the others may be absent.
 */
export function checksForLayer(layer: Layer, outputs: Partial<DeployedOutputs>, region: string, options: LayerCheckOptions = {}): Check[] {
  return BUILDERS[layer](outputs as DeployedOutputs, region, options);
}
