import { DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import type { Check } from "../check";
import { KeyRef, isKey } from "../kms-key";

export function streamEncryptionCheck(streamName: string, storageKey: KeyRef): Check {
  return {
    id: "kinesis.encryption",
    title: "Kinesis stream is active and encrypted with the storage key",
    resource: streamName,
    async run(aws) {
      const { StreamDescriptionSummary: s } = await aws.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
      const observed = { status: s?.StreamStatus ?? null, encryptionType: s?.EncryptionType ?? null, keyId: s?.KeyId ?? null };
      return {
        pass: observed.status === "ACTIVE" && observed.encryptionType === "KMS" && isKey(s?.KeyId, storageKey),
        expected: { status: "ACTIVE", encryptionType: "KMS", keyId: storageKey.arn },
        observed,
      };
    },
  };
}
