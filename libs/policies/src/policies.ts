import { Policies } from "@pulumi/policy";
import * as rules from "./rules";

/** The pack name CrossGuard reports violations under. */
export const POLICY_PACK_NAME = "fin-platform";

/**
 * The fin-platform pack, grouped by service as in rules/. Adding a rule: write
 * rules/<service>/<CompliantState>.ts, export it from that folder's index.ts, list it here, add
 * its row to RULES.md and its compliant and non-compliant tests.
 */
export const FIN_PLATFORM_POLICIES: Policies = [
  // cloudwatch
  rules.LogGroupEncryptedWithCustomerKey,
  rules.LogGroupRetainsRequiredDays,
  rules.ServiceLogGroupsDeclared,
  // ec2
  rules.DefaultSecurityGroupClosed,
  rules.InterfaceEndpointsInEveryAz,
  rules.NoNatGateway,
  rules.SecurityGroupNoAllowAllEgress,
  rules.SecurityGroupNoWorldIngressExceptWeb,
  rules.SecurityGroupsInKnownVpc,
  rules.SubnetNoAutoPublicIp,
  rules.VpcDefaultSecurityGroupAdopted,
  rules.VpcFlowLogsEnabled,
  // ecr
  rules.RepositoryEncryptedWithCustomerKey,
  rules.RepositoryScansOnPush,
  rules.RepositoryTagsImmutable,
  // ecs
  rules.ClusterContainerInsightsEnabled,
  rules.ContainersLogToCloudWatch,
  rules.ContainersReadOnlyNonRoot,
  rules.ServiceSpansAvailabilityZones,
  rules.ServiceSpansAvailabilityZonesEphemeral,
  rules.ServiceSubnetsArePrivate,
  rules.ServiceUsesFargateSpot,
  rules.ServiceWithoutPublicIp,
  rules.TaskDefinitionFargateMinimumSize,
  // elb
  rules.AlbDropsInvalidHeaders,
  rules.HttpListenerRedirectsInProduction,
  rules.HttpListenerRedirectsToHttps,
  rules.ListenerUsesModernTls,
  rules.PublicServiceBehindListener,
  // general
  rules.NamedResourcesCarrySuffix,
  rules.ResourcesNotProtected,
  // iam
  rules.PolicyNoWildcardActions,
  rules.PolicyWildcardResourcesJustified,
  rules.TaskRoleStatementsMatchGrants,
  // kinesis
  rules.StreamEncryptedWithCustomerKey,
  // kms
  rules.KeyDeletionWindowAllowed,
  rules.KeyRotationEnabled,
  // rds
  rules.AuroraDeletionProtectionDisabled,
  rules.AuroraEncryptedWithCustomerKey,
  rules.AuroraIamAuthenticationEnabled,
  rules.AuroraReaderInAnotherAz,
  rules.AuroraReaderInAnotherAzEphemeral,
  rules.AuroraRetainsBackupsRequiredDays,
  rules.AuroraSkipsFinalSnapshot,
  rules.DbInstanceNotPubliclyAccessible,
  // s3
  rules.BucketCompanionsDeclared,
  rules.BucketEncryptedWithCustomerKey,
  rules.BucketLifecycleToGlacier,
  rules.BucketPolicyRequiresTls,
  rules.BucketPublicAccessBlocked,
  rules.BucketVersioningEnabled,
  // secretsmanager
  rules.SecretEncryptedWithCustomerKey,
];
