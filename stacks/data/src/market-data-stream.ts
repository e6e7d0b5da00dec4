import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";

export interface MarketDataStreamArgs {
  readonly environmentSuffix: string;
  readonly retentionHours: number;
  /** The storage key (a customer-managed key, not alias/aws/kinesis). */
  readonly storageKeyArn: pulumi.Input<string>;
}

/** The real-time ingest stream: on-demand capacity, so bursts at market open need no shard planning. */
export class MarketDataStream extends pulumi.ComponentResource {
  readonly stream: aws.kinesis.Stream;

  constructor(name: string, args: MarketDataStreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:data:MarketDataStream", name, {}, opts);
    this.stream = new aws.kinesis.Stream(
      name,
      {
        name: physicalName("kinesisStream", "market-data", args.environmentSuffix),
        // ON_DEMAND: shardCount must stay unset.
        streamModeDetails: { streamMode: "ON_DEMAND" },
        retentionPeriod: args.retentionHours,
        encryptionType: "KMS",
        kmsKeyId: args.storageKeyArn,
      },
      { parent: this },
    );
    this.registerOutputs({ name: this.stream.name, arn: this.stream.arn });
  }
}
