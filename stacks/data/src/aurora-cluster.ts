import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { serviceTrustPolicy, sourceAccountCondition } from "@fin/iam";
import { physicalName } from "@fin/naming";
import { PERFORMANCE_INSIGHTS_RETENTION_DAYS } from "./config";
import { checkResolvedEngineVersion, engineVersionQuery, parameterGroupFamily } from "./engine-version";
import { enhancedMonitoringPolicy } from "./policy-documents";

/**
 * UTC windows. Automated backups first, AWS Backup's daily job after them (BackupVault), and
 * maintenance on Sunday morning, when no market is open, clear of both.
 */
export const AURORA_WINDOWS = { backup: "03:00-04:00", maintenance: "sun:10:00-sun:11:00" } as const;

/**
 * Statement logging that a regulator can audit without leaking row data into logs: DDL, sessions
 * and statements slower than a second (also what checkov CKV2_AWS_27 asks for).
 */
export const CLUSTER_PARAMETERS: ReadonlyArray<{ name: string; value: string }> = [
  { name: "rds.force_ssl", value: "1" },
  { name: "log_statement", value: "ddl" },
  { name: "log_min_duration_statement", value: "1000" },
  { name: "log_connections", value: "1" },
  { name: "log_disconnections", value: "1" },
];

export interface AuroraClusterArgs {
  readonly environmentSuffix: string;
  readonly region: string;
  /** The newest available minor of this major is resolved at deploy time (ADR 0010). */
  readonly engineMajorVersion: number;
  /** Let this update change the cluster's engine version; otherwise AWS-driven upgrades are ignored. */
  readonly allowMajorVersionUpgrade: boolean;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Readers beside the writer: 1 (production profile, in the second AZ) or 0 (ephemeral, ADR 0014). */
  readonly readers: number;
  /** Used only when minCapacity is 0. */
  readonly secondsUntilAutoPause: number;
  readonly backupRetentionDays: number;
  readonly masterUsername: string;
  /** 0 (off) or the enhanced monitoring interval; the role exists only when it is on. */
  readonly monitoringIntervalSeconds: number;
  /** 7 (Database Insights Standard) or 465 (Advanced, set on the cluster). */
  readonly performanceInsightsRetentionDays: number;
  /** Private subnets in 3 AZs (the subnet group; Aurora storage spans all three). */
  readonly subnetIds: pulumi.Input<string[]>;
  /** The AZs the writer and the reader go to (first and second). */
  readonly availabilityZones: pulumi.Input<string[]>;
  readonly securityGroupId: pulumi.Input<string>;
  /** From the network layer, which built the security group rules for it. */
  readonly port: pulumi.Input<number>;
  /** Storage, snapshots, Performance Insights and the master secret. */
  readonly databaseKeyArn: pulumi.Input<string>;
  /** The postgresql log export group. */
  readonly logsKeyArn: pulumi.Input<string>;
}

/**
 * Aurora PostgreSQL Serverless v2: a writer and (production profile) a reader in another AZ, TLS
 * only, managed secret.
 */
export class AuroraCluster extends pulumi.ComponentResource {
  readonly cluster: aws.rds.Cluster;
  readonly writer: aws.rds.ClusterInstance;
  /** Absent in the ephemeral profile (`readers: 0`). */
  readonly reader?: aws.rds.ClusterInstance;
  readonly logGroup: aws.cloudwatch.LogGroup;
  /** Only when enhanced monitoring is on. */
  readonly monitoringRole?: aws.iam.Role;
  /** The engine version resolved at deploy time for a new cluster (the cluster then keeps its own). */
  readonly resolvedEngineVersion: pulumi.Output<string>;
  readonly clusterIdentifier: string;
  readonly databaseName: string;
  readonly masterSecretArn: pulumi.Output<string>;

  constructor(name: string, args: AuroraClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:data:AuroraCluster", name, {}, opts);
    const parent = { parent: this };
    const suffix = args.environmentSuffix;
    this.clusterIdentifier = physicalName("rdsIdentifier", "aurora-analytics", suffix);
    this.databaseName = physicalName("rdsDatabaseName", "analytics", suffix);
    const major = args.engineMajorVersion;
    this.resolvedEngineVersion = aws.rds
      .getEngineVersionOutput(engineVersionQuery(major), parent)
      .versionActual.apply((version) => checkResolvedEngineVersion(version, major, args.minCapacity));

    const subnetGroup = new aws.rds.SubnetGroup(
      name,
      { name: physicalName("dbSubnetGroup", "aurora-analytics", suffix), description: "Private subnets of the analytics cluster", subnetIds: args.subnetIds },
      parent,
    );
    // The family is in the name: a major upgrade creates the new group before the old one goes.
    const parameterGroup = new aws.rds.ClusterParameterGroup(
      name,
      {
        name: physicalName("dbParameterGroup", `aurora-analytics-pg${major}`, suffix),
        family: parameterGroupFamily(major),
        description: "TLS only and audit-friendly statement logging",
        parameters: CLUSTER_PARAMETERS.map((p) => ({ ...p, applyMethod: "immediate" })),
      },
      parent,
    );
    // Pre-created so RDS never creates it itself, unencrypted and never expiring.
    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      { name: `/aws/rds/cluster/${this.clusterIdentifier}/postgresql`, retentionInDays: REQUIREMENTS.logRetentionDays, kmsKeyId: args.logsKeyArn },
      parent,
    );

    const monitoring = args.monitoringIntervalSeconds > 0 ? this.enhancedMonitoring(name, args) : undefined;
    this.monitoringRole = monitoring?.role;

    // Database Insights Advanced is a cluster setting and needs Performance Insights kept 465 days
    // ("Turning on the Advanced mode of Database Insights for Amazon Aurora"); Standard is the
    // default and needs nothing on the cluster, so existing clusters see no change.
    const advancedInsights = args.performanceInsightsRetentionDays === PERFORMANCE_INSIGHTS_RETENTION_DAYS.advanced;
    // Engine version: created at the newest minor, then AWS upgrades minors itself (instances'
    // autoMinorVersionUpgrade, and forcibly at end of standard support). Without ignoreChanges the next
    // `up` would plan 17.x -> the version resolved then, or back to an older one, which RDS rejects
    // ("Cannot upgrade aurora-postgresql from 17.5 to 17.4", hashicorp/terraform-provider-aws#45026).
    // With allowMajorVersionUpgrade the cluster follows the configured major's newest minor instead.
    const versionChanges = args.allowMajorVersionUpgrade
      ? { allowMajorVersionUpgrade: true, applyImmediately: true }
      : {};
    this.cluster = new aws.rds.Cluster(
      name,
      {
        clusterIdentifier: this.clusterIdentifier,
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        engineVersion: this.resolvedEngineVersion,
        ...versionChanges,
        databaseName: this.databaseName,
        masterUsername: args.masterUsername,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.databaseKeyArn,
        port: args.port,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        dbClusterParameterGroupName: parameterGroup.name,
        storageEncrypted: true,
        kmsKeyId: args.databaseKeyArn,
        backupRetentionPeriod: args.backupRetentionDays,
        preferredBackupWindow: AURORA_WINDOWS.backup,
        preferredMaintenanceWindow: AURORA_WINDOWS.maintenance,
        copyTagsToSnapshot: true,
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql"],
        serverlessv2ScalingConfiguration: {
          minCapacity: args.minCapacity,
          maxCapacity: args.maxCapacity,
          ...(args.minCapacity === 0 ? { secondsUntilAutoPause: args.secondsUntilAutoPause } : {}),
        },
        ...(advancedInsights
          ? {
              databaseInsightsMode: "advanced",
              performanceInsightsEnabled: true,
              performanceInsightsKmsKeyId: args.databaseKeyArn,
              performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays,
            }
          : {}),
        // The requirements want every environment destroyable; 35 days of PITR and AWS Backup
        // recovery points (both encrypted with the database key) cover recovery.
        deletionProtection: false,
        skipFinalSnapshot: true,
      },
      { parent: this, dependsOn: [this.logGroup], ignoreChanges: args.allowMajorVersionUpgrade ? [] : ["engineVersion"] },
    );

    const instance = (role: "writer" | "reader", azIndex: number, promotionTier: number, after: pulumi.Resource[]) =>
      new aws.rds.ClusterInstance(
        `${name}-${role}`,
        {
          identifier: physicalName("rdsIdentifier", `aurora-analytics-${role}`, suffix),
          clusterIdentifier: this.cluster.id,
          instanceClass: "db.serverless",
          engine: "aurora-postgresql",
          engineVersion: this.cluster.engineVersion,
          dbSubnetGroupName: subnetGroup.name,
          availabilityZone: pulumi.output(args.availabilityZones).apply((zones) => zones[azIndex]),
          promotionTier,
          publiclyAccessible: false,
          autoMinorVersionUpgrade: true,
          // Explicit 0 when off, so an instance that had it on turns it off.
          monitoringInterval: args.monitoringIntervalSeconds,
          ...(monitoring ? { monitoringRoleArn: monitoring.role.arn } : {}),
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: args.databaseKeyArn,
          performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays,
        },
        // An instance's engine version follows its cluster: the provider cannot change it here
        // (aws.rds.ClusterInstance engineVersion docs), so a diff on it would only be noise.
        { parent: this, dependsOn: [...(monitoring ? [monitoring.attachment] : []), ...after], ignoreChanges: ["engineVersion"] },
      );
    this.writer = instance("writer", 0, 0, []);
    // CreateDBCluster makes an empty cluster and the first CreateDBInstance in it is the writer
    // (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html), so the
    // reader waits: created in parallel, the "reader" in AZ b could become the writer.
    this.reader = args.readers > 0 ? instance("reader", 1, 1, [this.writer]) : undefined;

    this.masterSecretArn = this.cluster.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
    this.registerOutputs({ clusterArn: this.cluster.arn, masterSecretArn: this.masterSecretArn });
  }

  /** The role RDS publishes OS metrics with; the instances wait for its policy (it must be usable at once). */
  private enhancedMonitoring(name: string, args: AuroraClusterArgs): { role: aws.iam.Role; attachment: aws.iam.RolePolicyAttachment } {
    const parent = { parent: this };
    const suffix = args.environmentSuffix;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
    const partition = aws.getPartitionOutput({}, parent).partition;
    const role = new aws.iam.Role(
      `${name}-monitoring`,
      {
        name: physicalName("iamRole", "rds-monitoring", suffix),
        description: "Enhanced monitoring of the analytics cluster instances",
        assumeRolePolicy: accountId.apply((id) => JSON.stringify(serviceTrustPolicy("monitoring.rds.amazonaws.com", { sid: "AssumedByService", conditions: sourceAccountCondition(id) }))),
      },
      parent,
    );
    const policy = new aws.iam.Policy(
      `${name}-monitoring`,
      {
        name: physicalName("iamPolicy", "rds-monitoring", suffix),
        description: "Customer-managed copy of what AmazonRDSEnhancedMonitoringRole grants, scoped to RDSOSMetrics",
        policy: pulumi.all([partition, accountId]).apply(([p, id]) => JSON.stringify(enhancedMonitoringPolicy(p, args.region, id))),
      },
      parent,
    );
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-monitoring`, { role: role.name, policyArn: policy.arn }, parent);
    return { role, attachment };
  }
}
