import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { NAME_RULES, NameKind, environmentSuffixProblem } from "@fin/naming";
import { record } from "../../lib/values";

/** The provider default tag that carries the suffix (set by createAwsProvider in @fin/config). */
export const ENVIRONMENT_SUFFIX_TAG = "environment-suffix";

type ResourceClass = new (...args: any[]) => pulumi.Resource;

/**
 * Where each physically named resource keeps its name, keyed by the @fin/naming rule it is built
 * with. These resources must be named explicitly: a Pulumi autoname has no suffix.
 */
export const NAMED_RESOURCES: ReadonlyArray<{
  readonly kind: NameKind;
  readonly type: ResourceClass;
  readonly field: string;
  /** The name may be left out (no initial database); when set it must still carry the suffix. */
  readonly optional?: true;
}> = [
  { kind: "s3Bucket", type: aws.s3.Bucket, field: "bucket" },
  { kind: "ecsCluster", type: aws.ecs.Cluster, field: "name" },
  { kind: "ecsService", type: aws.ecs.Service, field: "name" },
  { kind: "taskFamily", type: aws.ecs.TaskDefinition, field: "family" },
  { kind: "rdsIdentifier", type: aws.rds.Cluster, field: "clusterIdentifier" },
  { kind: "rdsIdentifier", type: aws.rds.ClusterInstance, field: "identifier" },
  { kind: "rdsDatabaseName", type: aws.rds.Cluster, field: "databaseName", optional: true },
  { kind: "dbSubnetGroup", type: aws.rds.SubnetGroup, field: "name" },
  { kind: "dbParameterGroup", type: aws.rds.ClusterParameterGroup, field: "name" },
  { kind: "kmsAlias", type: aws.kms.Alias, field: "name" },
  { kind: "logGroup", type: aws.cloudwatch.LogGroup, field: "name" },
  { kind: "alb", type: aws.lb.LoadBalancer, field: "name" },
  { kind: "targetGroup", type: aws.lb.TargetGroup, field: "name" },
  { kind: "iamRole", type: aws.iam.Role, field: "name" },
  { kind: "iamPolicy", type: aws.iam.Policy, field: "name" },
  { kind: "ecrRepository", type: aws.ecr.Repository, field: "name" },
  { kind: "kinesisStream", type: aws.kinesis.Stream, field: "name" },
  { kind: "backupVault", type: aws.backup.Vault, field: "name" },
  { kind: "backupPlan", type: aws.backup.Plan, field: "name" },
  { kind: "backupSelection", type: aws.backup.Selection, field: "name" },
  { kind: "securityGroup", type: aws.ec2.SecurityGroup, field: "name" },
];

/** The suffix the stack's aws providers tag everything with; undefined when none declares it. */
export function environmentSuffixOf(resources: readonly PolicyResource[]): string | undefined {
  for (const provider of resources.filter((r) => r.type === "pulumi:providers:aws")) {
    const tags = record(record(provider.props.defaultTags).tags);
    const suffix = tags[ENVIRONMENT_SUFFIX_TAG];
    if (typeof suffix === "string") {
      return suffix;
    }
  }
  return undefined;
}

/**
 * True when the name carries the suffix as a whole segment (`raw-dev`, `/aws/ecs/app-dev`,
 * `/aws/rds/cluster/warehouse-dev/postgresql`), or at the end for alphanumeric-only kinds,
 * where @fin/naming drops the suffix's hyphens (`analyticsprdev` from `pr-dev`).
 */
export function carriesSuffix(kind: NameKind, name: string, suffix: string): boolean {
  if (NAME_RULES[kind].separator === "") {
    return name.endsWith(suffix.replace(/-/g, ""));
  }
  const escaped = suffix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[-/])${escaped}($|[-/])`).test(name);
}

/**
 * Every physically named resource is named explicitly and carries the environment suffix, so two
 * environments never collide in one account (requirement). The suffix is read from the stack's
 * aws provider default tags, which @fin/config sets from the validated config.
 */
export const NamedResourcesCarrySuffix: StackValidationPolicy = {
  name: "named-resources-carry-suffix",
  description: "Physically named resources are named explicitly and include the environment suffix.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const suffix = environmentSuffixOf(args.resources);
    const named = args.resources.filter((r) => NAMED_RESOURCES.some((n) => r.isType(n.type)));
    if (named.length === 0) {
      return;
    }
    if (suffix === undefined || environmentSuffixProblem(suffix)) {
      report(`No aws provider carries a valid '${ENVIRONMENT_SUFFIX_TAG}' default tag (found ${JSON.stringify(suffix ?? null)}), so names cannot be checked.`);
      return;
    }
    for (const r of named) {
      for (const { kind, field, optional } of NAMED_RESOURCES.filter((n) => r.isType(n.type))) {
        const name = r.props[field];
        if (typeof name !== "string" || name === "") {
          if (optional) {
            continue;
          }
          report(`${field} is unset; name it with physicalName("${kind}", ..., "${suffix}").`, r.urn);
        } else if (!carriesSuffix(kind, name, suffix)) {
          report(`${field} '${name}' does not carry the environment suffix '${suffix}'.`, r.urn);
        }
      }
    }
  },
};
