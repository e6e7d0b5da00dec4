import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  LifecycleRule,
} from "@aws-sdk/client-s3";
import { REQUIREMENTS } from "@fin/config";
import type { Check } from "../check";
import { errorCode } from "../errors";
import { KeyRef, isKey } from "../kms-key";

/** S3 answers "not configured" with an error; for these checks that is an observation, not a failure to check. */
async function orAbsent<T>(call: Promise<T>, absentCode: string): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (errorCode(error) === absentCode) {
      return undefined;
    }
    throw error;
  }
}

export function versioningCheck(label: string, bucket: string): Check {
  return {
    id: `s3.${label}.versioning`,
    title: `${label} bucket has versioning enabled`,
    resource: bucket,
    async run(aws) {
      const { Status } = await aws.s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      // A bucket that never had versioning answers without a Status.
      const observed = Status ?? "Disabled";
      return { pass: observed === "Enabled", expected: "Enabled", observed };
    },
  };
}

export function encryptionCheck(label: string, bucket: string, storageKey: KeyRef): Check {
  return {
    id: `s3.${label}.encryption`,
    title: `${label} bucket encrypts with SSE-KMS under the storage key`,
    resource: bucket,
    async run(aws) {
      const answer = await orAbsent(aws.s3.send(new GetBucketEncryptionCommand({ Bucket: bucket })), "ServerSideEncryptionConfigurationNotFoundError");
      const rule = answer?.ServerSideEncryptionConfiguration?.Rules?.[0];
      const byDefault = rule?.ApplyServerSideEncryptionByDefault;
      const observed = {
        sseAlgorithm: byDefault?.SSEAlgorithm ?? null,
        kmsKeyId: byDefault?.KMSMasterKeyID ?? null,
        bucketKeyEnabled: rule?.BucketKeyEnabled ?? false,
      };
      return {
        pass: observed.sseAlgorithm === "aws:kms" && isKey(byDefault?.KMSMasterKeyID, storageKey),
        expected: { sseAlgorithm: "aws:kms", kmsKeyId: storageKey.arn },
        observed,
      };
    },
  };
}

const BLOCK_ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export function publicAccessBlockCheck(label: string, bucket: string): Check {
  return {
    id: `s3.${label}.public-access-block`,
    title: `${label} bucket blocks all public access`,
    resource: bucket,
    async run(aws) {
      const answer = await orAbsent(aws.s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })), "NoSuchPublicAccessBlockConfiguration");
      const config = answer?.PublicAccessBlockConfiguration;
      const observed = config
        ? {
            BlockPublicAcls: config.BlockPublicAcls ?? false,
            IgnorePublicAcls: config.IgnorePublicAcls ?? false,
            BlockPublicPolicy: config.BlockPublicPolicy ?? false,
            RestrictPublicBuckets: config.RestrictPublicBuckets ?? false,
          }
        : null;
      return { pass: observed !== null && Object.values(observed).every((v) => v), expected: BLOCK_ALL, observed };
    },
  };
}

const GLACIER_CLASSES = ["GLACIER", "GLACIER_IR", "DEEP_ARCHIVE"];

// A rule applies to every object when it has no filter, an empty prefix and no size or tag limit.
function coversAllObjects(rule: LifecycleRule): boolean {
  const filter = rule.Filter;
  const prefix = filter?.Prefix ?? rule.Prefix ?? "";
  return prefix === "" && filter?.And === undefined && filter?.Tag === undefined && filter?.ObjectSizeGreaterThan === undefined;
}

/** Current and noncurrent versions of every object move to a Glacier class after the required days. */
export function lifecycleCheck(label: string, bucket: string): Check {
  const days = REQUIREMENTS.glacierTransitionDays;
  return {
    id: `s3.${label}.lifecycle`,
    title: `${label} bucket moves current and noncurrent objects to Glacier after ${days} days`,
    resource: bucket,
    async run(aws) {
      const answer = await orAbsent(aws.s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })), "NoSuchLifecycleConfiguration");
      const rules = (answer?.Rules ?? []).filter((r) => r.Status === "Enabled" && coversAllObjects(r));
      const current = rules.flatMap((r) => (r.Transitions ?? []).filter((t) => GLACIER_CLASSES.includes(t.StorageClass!)).map((t) => t.Days));
      const noncurrent = rules.flatMap((r) =>
        (r.NoncurrentVersionTransitions ?? []).filter((t) => GLACIER_CLASSES.includes(t.StorageClass!)).map((t) => t.NoncurrentDays),
      );
      // Reported, not judged: moto ignores the header, and the lifecycle rule is what the requirement names.
      const minimumObjectSize = answer?.TransitionDefaultMinimumObjectSize ?? null;
      return {
        pass: current.includes(days) && noncurrent.includes(days),
        expected: { currentToGlacierDays: [days], noncurrentToGlacierDays: [days] },
        observed: { currentToGlacierDays: current, noncurrentToGlacierDays: noncurrent, minimumObjectSize },
      };
    },
  };
}
