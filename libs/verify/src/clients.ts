import { BackupClient } from "@aws-sdk/client-backup";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { KMSClient } from "@aws-sdk/client-kms";
import { RDSClient } from "@aws-sdk/client-rds";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** One SDK v3 client per service the checks read. */
export interface AwsClients {
  readonly backup: BackupClient;
  readonly ec2: EC2Client;
  readonly ecs: ECSClient;
  readonly kinesis: KinesisClient;
  readonly kms: KMSClient;
  readonly logs: CloudWatchLogsClient;
  readonly rds: RDSClient;
  readonly s3: S3Client;
  readonly secrets: SecretsManagerClient;
  readonly sts: STSClient;
}

export interface ClientOptions {
  readonly region: string;
  /** An emulator or a private endpoint; the CLI passes the SDK's standard `AWS_ENDPOINT_URL`. */
  readonly endpoint?: string;
  /** Static credentials (the emulator suite); otherwise the SDK's default provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * Builds every client with the same region, endpoint and credentials. The SDK's own retry
 * (standard mode, with backoff) stays on; the runner retries a whole check only when throttling
 * outlasts it.
 */
export function createClients(options: ClientOptions): AwsClients {
  const base = {
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
  };
  return {
    backup: new BackupClient(base),
    ec2: new EC2Client(base),
    ecs: new ECSClient(base),
    // The Kinesis client defaults to HTTP/2 (for SubscribeToShard, which no check calls). Every
    // API the checks use also speaks HTTP/1.1, which emulators such as moto_server require, so
    // production and the emulator suite take the same path.
    kinesis: new KinesisClient({ ...base, requestHandler: new NodeHttpHandler() }),
    kms: new KMSClient(base),
    logs: new CloudWatchLogsClient(base),
    rds: new RDSClient(base),
    // Virtual-hosted bucket names do not resolve on a loopback endpoint.
    s3: new S3Client({ ...base, forcePathStyle: options.endpoint !== undefined }),
    secrets: new SecretsManagerClient(base),
    sts: new STSClient(base),
  };
}

/** Closes the clients' connection pools so a CLI run or a test exits promptly. */
export function destroyClients(clients: AwsClients): void {
  Object.values(clients).forEach((client: { destroy(): void }) => client.destroy());
}
