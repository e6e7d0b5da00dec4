import { ContractKeys } from "./layer-reference";

/** How `imageStatus` starts while the configured image is not in the repository (0 tasks; ADR 0013). */
export const WAITING_FOR_IMAGE = "waiting for image";

/**
 * How a catalog service is reached (ADR 0017): through the public ALB, only by the services that list
 * it in their `calls`, or not at all (a worker has no port).
 */
export const SERVICE_REACHES = ["public", "internal", "worker"] as const;
export type ServiceReach = (typeof SERVICE_REACHES)[number];

/**
 * The closed set of data-access grants a catalog service may hold. Each maps to a fixed set of IAM
 * statements (stacks/compute/src/iam-policies.ts GRANT_STATEMENTS) with the Sids below, so the policy
 * pack and the report can compare a task role's statements with the grants it declares.
 */
export const GRANTS = [
  "raw:read",
  "raw:write",
  "processed:read",
  "processed:write",
  "stream:read",
  "stream:write",
  "database:connect",
  "metrics:write",
] as const;
export type Grant = (typeof GRANTS)[number];

/** The Sids of the task-role statements each grant contributes, and nothing else. */
export const GRANT_SIDS: Readonly<Record<Grant, readonly string[]>> = {
  "raw:read": ["RawBucketList", "RawObjectsRead", "RawObjectsDecrypt"],
  "raw:write": ["RawObjectsWrite", "RawObjectsEncrypt"],
  "processed:read": ["ProcessedBucketList", "ProcessedObjectsRead", "ProcessedObjectsDecrypt"],
  "processed:write": ["ProcessedObjectsWrite", "ProcessedObjectsEncrypt"],
  "stream:read": ["StreamRead", "StreamRecordsDecrypt"],
  "stream:write": ["StreamWrite", "StreamRecordsEncrypt"],
  "database:connect": ["DatabaseConnectAsServiceUser"],
  "metrics:write": ["MetricsWriteOwnNamespace"],
};

/** The resource tags the task role carries so a reader can judge its statements (contract of issue 16). */
export const SERVICE_TAG = "service";
export const GRANTS_TAG = "grants";
export const CALLS_TAG = "calls";

/** What one catalog service exports. */
export interface ServiceOutputs {
  serviceName: string;
  serviceArn: string;
  taskDefinitionArn: string;
  repositoryUrl: string;
  repositoryArn: string;
  logGroupName: string;
  executionRoleArn: string;
  taskRoleArn: string;
  securityGroupId: string;
  reach: ServiceReach;
  /** 0 for a worker. */
  port: number;
  /** "" unless public. */
  targetGroupArn: string;
  /** What the task definition pulls: `<repositoryUrl>@sha256:...` once the image is pushed (ADR 0013). */
  imageReference: string;
  /** `running <repo>:<tag> as <repo>@sha256:...`, or `waiting for image <repo>:<tag>, 0 tasks...`. */
  imageStatus: string;
  grants: string[];
  calls: string[];
}

/** What stacks/compute exports (for humans, integration checks and the report; no layer reads it). */
export interface ComputeOutputs {
  clusterName: string;
  clusterArn: string;
  albDnsName: string;
  albArn: string;
  albLogBucketName: string;
  /** One entry per catalog service, keyed by its name. */
  services: Record<string, ServiceOutputs>;
}

export const COMPUTE_OUTPUT_KEYS: ContractKeys<ComputeOutputs> = {
  clusterName: true,
  clusterArn: true,
  albDnsName: true,
  albArn: true,
  albLogBucketName: true,
  services: true,
};
