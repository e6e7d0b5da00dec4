import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { BackupClient } from "@aws-sdk/client-backup";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECRClient } from "@aws-sdk/client-ecr";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { KMSClient } from "@aws-sdk/client-kms";
import { RDSClient } from "@aws-sdk/client-rds";
import { S3Client } from "@aws-sdk/client-s3";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { STSClient } from "@aws-sdk/client-sts";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** One SDK v3 client per service the checks read. */
export interface AwsClients {
  readonly autoscaling: ApplicationAutoScalingClient;
  readonly backup: BackupClient;
  readonly ec2: EC2Client;
  readonly ecr: ECRClient;
  readonly ecs: ECSClient;
  readonly elb: ElasticLoadBalancingV2Client;
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
 * Attempts per SDK call (the first and the retries). The SDK's standard retry strategy retries
 * throttling and transient errors with exponential backoff and full jitter, capped at 20 s, with a
 * 500 ms base for throttling; its default is 3 attempts (@smithy/core 3.41.0
 * dist-es/submodules/retry/util-retry/{config,constants}.js: DEFAULT_MAX_ATTEMPTS = 3,
 * THROTTLING_RETRY_DELAY_BASE = 500, MAXIMUM_RETRY_DELAY = 20000;
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). An audit makes a
 * few dozen calls in a burst against shared account limits, so it allows 5.
 */
export const SDK_MAX_ATTEMPTS = 5;

/**
 * Builds every client with the same region, endpoint and credentials. The SDK's own retry
 * (standard mode, with backoff, SDK_MAX_ATTEMPTS) stays on; the runner retries a whole check only
 * when throttling outlasts it, then reports it "unknown".
 */
export function createClients(options: ClientOptions): AwsClients {
  const base = {
    region: options.region,
    maxAttempts: SDK_MAX_ATTEMPTS,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: { ...options.credentials } } : {}),
  };
  return {
    autoscaling: new ApplicationAutoScalingClient(base),
    backup: new BackupClient(base),
    ec2: new EC2Client(base),
    ecr: new ECRClient(base),
    ecs: new ECSClient(base),
    elb: new ElasticLoadBalancingV2Client(base),
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
