// Which input changes force a REPLACEMENT (delete and create) rather than an in-place update, and
// which resources hold data a replacement destroys. pulumi-aws is bridged from the Terraform AWS
// provider and keeps its schema, so an attribute marked `ForceNew: true` there ("the resource must be
// replaced when the value of an attribute changes": developer.hashicorp.com/terraform/plugin/framework/
// migrating/attributes-blocks/force-new) makes the Pulumi engine plan a replace (pulumi/pulumi-terraform-
// bridge's detailed diff, pkg/pf/tests/diff_*_test.go); the Pulumi input is the camelCase of the Terraform attribute (`cluster_identifier`
// -> `clusterIdentifier`). Each entry cites the resource's schema in hashicorp/terraform-provider-aws,
// read for this table on 2026-12-01 (commit noted per file). Only the types our plans hold are listed;
// a type not listed is diffed without replacement marks, never guessed.

/** One resource type's replacement-forcing inputs and where that is stated. */
export interface ForceNewEntry {
  /** `hashicorp/terraform-provider-aws` source file holding the schema (and the commit read). */
  readonly source: string;
  /** Top-level Pulumi inputs whose change replaces the resource (a change anywhere below them counts). */
  readonly inputs: readonly string[];
}

/** The replacement-forcing inputs of the resource types in our plans, by Pulumi type token. */
export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
  "aws:rds/cluster:Cluster": {
    source: "internal/service/rds/cluster.go@0168cf6",
    inputs: [
      "availabilityZones",
      "clusterIdentifier",
      "clusterIdentifierPrefix",
      "clusterScalabilityType",
      "databaseName",
      "dbSubnetGroupName",
      "dbSystemId",
      "engine",
      "engineMode",
      "kmsKeyId",
      "masterUsername",
      "restoreToPointInTime",
      "snapshotIdentifier",
    ],
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    source: "internal/service/rds/cluster_instance.go@0160692",
    inputs: ["availabilityZone", "clusterIdentifier", "customIamInstanceProfile", "dbSubnetGroupName", "engine", "identifier", "identifierPrefix"],
  },
  "aws:s3/bucket:Bucket": {
    source: "internal/service/s3/bucket.go@0070bcd",
    inputs: ["bucket", "bucketPrefix"],
  },
  "aws:kms/key:Key": {
    source: "internal/service/kms/key.go@00a3530",
    inputs: ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"],
  },
  "aws:kinesis/stream:Stream": {
    source: "internal/service/kinesis/stream.go@03aadd4",
    inputs: ["name"],
  },
  "aws:backup/vault:Vault": {
    source: "internal/service/backup/vault.go@050ac11",
    inputs: ["kmsKeyArn", "name"],
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    source: "internal/service/rds/subnet_group.go@01c0800",
    inputs: ["name", "namePrefix"],
  },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
    source: "internal/service/rds/cluster_parameter_group.go@01e5fd8",
    inputs: ["description", "family", "name", "namePrefix"],
  },
  "aws:iam/role:Role": {
    source: "internal/service/iam/role.go@0040ea6",
    inputs: ["name", "namePrefix", "path"],
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    source: "internal/service/logs/group.go@0073593",
    inputs: ["logGroupClass", "name", "namePrefix"],
  },
};

/** A resource whose replacement or removal loses data: what it is and the input holding its physical name. */
export interface StatefulKind {
  readonly what: string;
  /** The input carrying its physical name; absent when AWS generates the name (a KMS key's id). */
  readonly nameInput?: string;
  /** What is lost when it is replaced or deleted. */
  readonly loss: string;
}

/** The stateful resource types of our plans: a replacement, a removal or a physical-name change of one is flagged loudly. */
export const STATEFUL: Readonly<Record<string, StatefulKind>> = {
  "aws:rds/cluster:Cluster": { what: "Aurora cluster", nameInput: "clusterIdentifier", loss: "a new, empty cluster is created (restore from a snapshot to keep the data)" },
  "aws:rds/clusterInstance:ClusterInstance": { what: "Aurora instance", nameInput: "identifier", loss: "the instance is deleted and recreated (the cluster loses that capacity meanwhile)" },
  "aws:s3/bucket:Bucket": { what: "S3 bucket", nameInput: "bucket", loss: "a new, empty bucket is created; the old one must be emptied to be deleted" },
  "aws:backup/vault:Vault": { what: "backup vault", nameInput: "name", loss: "a new vault is created; the old vault's recovery points are not moved" },
  "aws:kms/key:Key": { what: "KMS key", loss: "a new key is created; data encrypted under the old key is unreadable once it is deleted" },
  "aws:kinesis/stream:Stream": { what: "Kinesis stream", nameInput: "name", loss: "a new, empty stream is created; unread records are lost" },
};

/** The replacement-forcing inputs among `changed` (top-level input names) for a type. */
export function forcingReplacement(type: string, changed: readonly string[]): string[] {
  const entry = FORCE_NEW[type];
  return entry ? changed.filter((input) => entry.inputs.includes(input)) : [];
}
