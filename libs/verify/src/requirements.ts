// The requirements an audit reports on: every policy of libs/policies/RULES.md (a test keeps this
// list equal to the file's) and the behaviour the platform requirements promise that no policy can
// see in code (tasks on Spot and across AZs, autoscaling, healthy targets, recovery points). Each
// names the layers it lives in and the live checks that prove it; one without a live check is proven
// through the code: the policy pack holds the code to it and the drift check holds AWS to the code.
import type { Layer } from "@fin/config";

export interface AuditRequirement {
  readonly id: string;
  readonly source: "RULES.md" | "platform-requirements.md";
  readonly layers: readonly Layer[];
  /**
   * Live check ids; a check absent from a run (e.g. alb.https-only outside HTTPS stacks) is not counted.
   * A per-service check (`<id>.<service>`, ADR 0017) counts under its id for every service.
   */
  readonly checks: readonly string[];
}

const ALL: readonly Layer[] = ["security", "network", "data", "compute"];
const LOG_CHECKS = ["logs.flow-logs", "logs.database", "logs.compute", "logs.container-insights"];
const rule = (id: string, layers: readonly Layer[], checks: readonly string[] = []): AuditRequirement => ({ id, source: "RULES.md", layers, checks });
const platform = (id: string, layers: readonly Layer[], checks: readonly string[]): AuditRequirement => ({ id, source: "platform-requirements.md", layers, checks });

export const AUDIT_REQUIREMENTS: readonly AuditRequirement[] = [
  rule("log-group-retains-required-days", ["network", "data", "compute"], LOG_CHECKS),
  rule("log-group-encrypted-with-customer-key", ["network", "data", "compute"], LOG_CHECKS),
  rule("service-log-groups-declared", ["network", "data", "compute"], LOG_CHECKS),
  rule("aurora-retains-backups-required-days", ["data"], ["aurora.backup-retention", "backup.plan-retention", "backup.recent-recovery-point"]),
  rule("aurora-encrypted-with-customer-key", ["data"], ["aurora.encryption", "aurora.master-secret", "backup.vault-encryption"]),
  rule("aurora-skips-final-snapshot", ["data"]),
  rule("aurora-deletion-protection-disabled", ["data"], ["aurora.deletion-protection"]),
  rule("aurora-iam-authentication-enabled", ["data"], ["aurora.iam-auth"]),
  rule("aurora-reader-in-another-az", ["data"], ["aurora.instances", "aurora.writer-reader"]),
  rule("aurora-reader-in-another-az-ephemeral", ["data"], ["aurora.instances", "aurora.writer-reader"]),
  rule("db-instance-not-publicly-accessible", ["data"], ["aurora.instances"]),
  rule("task-definition-fargate-minimum-size", ["compute"], ["ecs.task-definition.size"]),
  rule("containers-read-only-non-root", ["compute"]),
  rule("containers-log-to-cloudwatch", ["compute"], ["logs.compute"]),
  rule("service-uses-fargate-spot", ["compute"], ["ecs.service.fargate-spot", "ecs.tasks.fargate-spot"]),
  rule("service-spans-availability-zones", ["compute"], ["ecs.tasks.availability-zones", "ecs.service.autoscaling"]),
  rule("service-spans-availability-zones-ephemeral", ["compute"], ["ecs.tasks.availability-zones"]),
  rule("service-without-public-ip", ["compute"], ["ecs.service.private-subnets"]),
  rule("service-subnets-are-private", ["compute"], ["ecs.service.private-subnets"]),
  rule("cluster-container-insights-enabled", ["compute"], ["logs.container-insights"]),
  rule("repository-scans-on-push", ["compute"]),
  rule("repository-tags-immutable", ["compute"]),
  rule("repository-encrypted-with-customer-key", ["compute"], ["ecr.encryption"]),
  rule("interface-endpoints-in-every-az", ["network"]),
  rule("no-nat-gateway", ["network"], ["vpc.no-nat-gateway"]),
  rule("subnet-no-auto-public-ip", ["network"], ["vpc.private-subnets"]),
  rule("security-group-no-world-ingress-except-web", ["network"]),
  rule("security-group-no-allow-all-egress", ["network"]),
  rule("security-groups-in-known-vpc", ["network", "compute"], ["vpc.guest-of-host"]),
  rule("default-security-group-closed", ["network"]),
  rule("vpc-default-security-group-adopted", ["network"]),
  rule("vpc-flow-logs-enabled", ["network"], ["vpc.flow-log-delivery", "logs.flow-logs"]),
  rule("alb-drops-invalid-headers", ["compute"]),
  rule("listener-uses-modern-tls", ["compute"], ["alb.https-only"]),
  rule("http-listener-redirects-in-production", ["compute"], ["alb.https-only"]),
  rule("http-listener-redirects-to-https", ["compute"], ["alb.https-only"]),
  rule("public-service-behind-listener", ["compute"], ["alb.targets-healthy"]),
  rule("bucket-versioning-enabled", ["data"], ["s3.raw.versioning", "s3.processed.versioning"]),
  rule("bucket-public-access-blocked", ["data"], ["s3.raw.public-access-block", "s3.processed.public-access-block", "s3.access-logs.public-access-block"]),
  rule("bucket-lifecycle-to-glacier", ["data"], ["s3.raw.lifecycle", "s3.processed.lifecycle"]),
  rule("bucket-policy-requires-tls", ["data", "compute"]),
  rule("bucket-companions-declared", ["data", "compute"]),
  rule("bucket-encrypted-with-customer-key", ["data"], ["s3.raw.encryption", "s3.processed.encryption"]),
  rule("key-rotation-enabled", ["security"], ["kms.database", "kms.logs", "kms.storage", "kms.backup"]),
  rule("key-deletion-window-allowed", ["security"]),
  rule("stream-encrypted-with-customer-key", ["data"], ["kinesis.encryption"]),
  rule("secret-encrypted-with-customer-key", ["data"], ["aurora.master-secret"]),
  rule("policy-no-wildcard-actions", ALL),
  rule("policy-wildcard-resources-justified", ALL),
  rule("task-role-statements-match-grants", ["compute"]),
  rule("resources-not-protected", ALL),
  rule("named-resources-carry-suffix", ALL),
  platform("vpc-three-availability-zones", ["network"], ["vpc.availability-zones"]),
  platform("vpc-endpoints-available", ["network"], ["vpc.endpoints"]),
  platform("aurora-serverless-v2-writer-and-reader", ["data"], ["aurora.engine", "aurora.instances", "aurora.writer-reader"]),
  platform("backup-recovery-point-daily", ["data"], ["backup.recent-recovery-point"]),
  platform("service-stable-with-desired-tasks", ["compute"], ["ecs.service.stable", "ecs.service.tasks-running"]),
  platform("tasks-on-fargate-spot", ["compute"], ["ecs.tasks.fargate-spot"]),
  platform("tasks-across-availability-zones", ["compute"], ["ecs.tasks.availability-zones"]),
  platform("service-autoscaling-registered", ["compute"], ["ecs.service.autoscaling"]),
  platform("alb-targets-healthy", ["compute"], ["alb.targets-healthy"]),
];
