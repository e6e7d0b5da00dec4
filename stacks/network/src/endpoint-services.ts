/**
 * Interface endpoints this VPC may have, with what they serve. ADR 0003 decides which are on by
 * default: each one is an ENI per AZ billed by the hour, so a service nothing calls is pure cost.
 */
export const INTERFACE_ENDPOINT_CATALOGUE = {
  "ecr.api": "ECR API: image manifests and registry auth for Fargate image pulls",
  "ecr.dkr": "ECR Docker registry: image pulls (layers come from S3 through the gateway endpoint)",
  logs: "CloudWatch Logs: the awslogs driver of every task",
  secretsmanager: "Secrets Manager: task-definition secrets and code reading secrets; no catalog service reads one (each connects to Aurora as its own IAM user, ADR 0017)",
  "kinesis-streams": "Kinesis Data Streams: the application's producers and consumers",
  monitoring: "CloudWatch metrics: PutMetricData from the application",
  ecs: "ECS control plane API: named by the requirements; Fargate tasks do not need it, callers of the ECS API and EC2 container instances do",
  "ecs-agent": "ECS agent: only for EC2 container instances (the Fargate agent is AWS-managed)",
  "ecs-telemetry": "ECS telemetry: only for EC2 container instances",
  kms: "KMS API: only for code calling KMS itself (S3, Kinesis, Logs and Secrets Manager call it server-side)",
  sts: "STS API: only for code assuming roles (task credentials come from 169.254.170.2)",
  ssm: "Systems Manager: Parameter Store valueFrom, ECS Exec",
  ssmmessages: "Systems Manager Session Manager channels: ECS Exec",
} as const;

export type InterfaceEndpointService = keyof typeof INTERFACE_ENDPOINT_CATALOGUE;

export const INTERFACE_ENDPOINT_SERVICES = Object.keys(INTERFACE_ENDPOINT_CATALOGUE) as InterfaceEndpointService[];

/** Without these a Fargate task in a subnet with no NAT cannot pull its image or start its log driver. */
export const REQUIRED_INTERFACE_ENDPOINTS: readonly InterfaceEndpointService[] = ["ecr.api", "ecr.dkr", "logs"];

/** The default set (Pulumi.yaml `interfaceEndpoints`); ADR 0003 gives the reasons. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly InterfaceEndpointService[] = [
  "ecr.api",
  "ecr.dkr",
  "logs",
  // No secretsmanager: no task reads a secret since the catalog (ADR 0017), and RDS rotates its managed
  // master secret itself, without a function in the VPC
  // (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html).
  "kinesis-streams",
  "monitoring",
  "ecs",
];

/**
 * Which account condition each interface endpoint's policy carries (ADR 0003 has the table and
 * the sources):
 * - `principal-and-resource`: only this account's principals, on this account's resources. Used
 *   where every action the platform calls through the endpoint names a resource of this account.
 * - `principal`: only this account's principals, on any resource. Used where some action has no
 *   resource (ecr:GetAuthorizationToken, cloudwatch:PutMetricData, ecs:ListClusters) or may
 *   target AWS-owned or other accounts' resources, which an aws:ResourceAccount condition denies.
 * - `none`: the service guides document no endpoint policy for it, so AWS's default full-access
 *   policy stays rather than risk CreateVpcEndpoint refusing one.
 */
export type EndpointPolicyScope = "principal-and-resource" | "principal" | "none";

export const ENDPOINT_POLICY_SCOPE: Readonly<Record<InterfaceEndpointService, EndpointPolicyScope>> = {
  "ecr.api": "principal",
  "ecr.dkr": "principal",
  logs: "principal-and-resource",
  secretsmanager: "principal-and-resource",
  "kinesis-streams": "principal-and-resource",
  monitoring: "principal",
  ecs: "principal",
  "ecs-agent": "none",
  "ecs-telemetry": "none",
  kms: "principal",
  sts: "principal",
  ssm: "principal",
  ssmmessages: "none",
};

/** `com.amazonaws.<region>.<service>`, the name CreateVpcEndpoint expects. */
export function endpointServiceName(region: string, service: string): string {
  return `com.amazonaws.${region}.${service}`;
}
