import { ContractKeys } from "./layer-reference";

/** How `imageStatus` starts while the configured image is not in the repository (0 tasks; ADR 0013). */
export const WAITING_FOR_IMAGE = "waiting for image";

/** What stacks/compute exports (for humans, integration checks and the report; no layer reads it). */
export interface ComputeOutputs {
  clusterName: string;
  clusterArn: string;
  serviceName: string;
  serviceArn: string;
  taskDefinitionArn: string;
  albDnsName: string;
  albArn: string;
  targetGroupArn: string;
  albLogBucketName: string;
  repositoryUrl: string;
  repositoryArn: string;
  logGroupName: string;
  executionRoleArn: string;
  taskRoleArn: string;
  /** What the task definition pulls: `<repositoryUrl>@sha256:...` once the image is pushed (ADR 0013). */
  imageReference: string;
  /** `running <repo>:<tag> as <repo>@sha256:...`, or `waiting for image <repo>:<tag>, 0 tasks...`. */
  imageStatus: string;
}

export const COMPUTE_OUTPUT_KEYS: ContractKeys<ComputeOutputs> = {
  clusterName: true,
  clusterArn: true,
  serviceName: true,
  serviceArn: true,
  taskDefinitionArn: true,
  albDnsName: true,
  albArn: true,
  targetGroupArn: true,
  albLogBucketName: true,
  repositoryUrl: true,
  repositoryArn: true,
  logGroupName: true,
  executionRoleArn: true,
  taskRoleArn: true,
  imageReference: true,
  imageStatus: true,
};
