import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { serviceTrustPolicy, sourceAccountCondition } from "@fin/iam";
import { physicalName } from "@fin/naming";
import type { EngineVersion } from "./engine-version";
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
  readonly engine: EngineVersion;
  readonly engineVersion: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Used only when minCapacity is 0. */
  readonly secondsUntilAutoPause: number;
  readonly backupRetentionDays: number;
  readonly masterUsername: string;
  readonly monitoringIntervalSeconds: number;
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

/** Aurora PostgreSQL Serverless v2: a writer and a reader in another AZ, TLS only, managed secret. */
export class AuroraCluster extends pulumi.ComponentResource {
  readonly cluster: aws.rds.Cluster;
  readonly writer: aws.rds.ClusterInstance;
  readonly reader: aws.rds.ClusterInstance;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly monitoringRole: aws.iam.Role;
  readonly clusterIdentifier: string;
  readonly databaseName: string;
  readonly masterSecretArn: pulumi.Output<string>;

  constructor(name: string, args: AuroraClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:data:AuroraCluster", name, {}, opts);
    const parent = { parent: this };
    const suffix = args.environmentSuffix;
    this.clusterIdentifier = physicalName("rdsIdentifier", "aurora-analytics", suffix);
    this.databaseName = physicalName("rdsDatabaseName", "analytics", suffix);
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

    const subnetGroup = new aws.rds.SubnetGroup(
      name,
      { name: physicalName("dbSubnetGroup", "aurora-analytics", suffix), description: "Private subnets of the analytics cluster", subnetIds: args.subnetIds },
      parent,
    );
    // The family is in the name: a major upgrade creates a new group before the old one goes.
    const parameterGroup = new aws.rds.ClusterParameterGroup(
      name,
      {
        name: physicalName("dbParameterGroup", `aurora-analytics-pg${args.engine.major}`, suffix),
        family: args.engine.parameterGroupFamily,
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

    this.monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        name: physicalName("iamRole", "rds-monitoring", suffix),
        description: "Enhanced monitoring of the analytics cluster instances",
        assumeRolePolicy: accountId.apply((id) => JSON.stringify(serviceTrustPolicy("monitoring.rds.amazonaws.com", { sid: "AssumedByService", conditions: sourceAccountCondition(id) }))),
      },
      parent,
    );
    const monitoringPolicy = new aws.iam.Policy(
      `${name}-monitoring`,
      {
        name: physicalName("iamPolicy", "rds-monitoring", suffix),
        description: "Customer-managed copy of what AmazonRDSEnhancedMonitoringRole grants, scoped to RDSOSMetrics",
        policy: accountId.apply((id) => JSON.stringify(enhancedMonitoringPolicy(args.region, id))),
      },
      parent,
    );
    const monitoringAttachment = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      { role: this.monitoringRole.name, policyArn: monitoringPolicy.arn },
      parent,
    );

    this.cluster = new aws.rds.Cluster(
      name,
      {
        clusterIdentifier: this.clusterIdentifier,
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        engineVersion: args.engineVersion,
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
        // The requirements want every environment destroyable; 35 days of PITR and AWS Backup
        // recovery points (both encrypted with the database key) cover recovery.
        deletionProtection: false,
        skipFinalSnapshot: true,
      },
      { parent: this, dependsOn: [this.logGroup] },
    );

    const instance = (role: "writer" | "reader", azIndex: number, promotionTier: number) =>
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
          monitoringInterval: args.monitoringIntervalSeconds,
          monitoringRoleArn: this.monitoringRole.arn,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: args.databaseKeyArn,
          performanceInsightsRetentionPeriod: args.performanceInsightsRetentionDays,
        },
        // The role must carry its policy before RDS starts publishing OS metrics.
        { parent: this, dependsOn: [monitoringAttachment] },
      );
    this.writer = instance("writer", 0, 0);
    this.reader = instance("reader", 1, 1);

    this.masterSecretArn = this.cluster.masterUserSecrets.apply((secrets) => secrets[0].secretArn);
    this.registerOutputs({ clusterArn: this.cluster.arn, masterSecretArn: this.masterSecretArn });
  }
}
