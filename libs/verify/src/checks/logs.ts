import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { REQUIREMENTS } from "@fin/config";
import type { Check } from "../check";
import { ResourceNotFoundError } from "../errors";
import { KeyRef, isKey } from "../kms-key";

/** A log group keeps exactly the required days and is encrypted with the logs key. */
export function logGroupCheck(id: string, logGroupName: string, logsKey: KeyRef): Check {
  return {
    id,
    title: `log group keeps ${REQUIREMENTS.logRetentionDays} days, encrypted with the logs key`,
    resource: logGroupName,
    async run(aws) {
      const { logGroups = [] } = await aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }));
      // The prefix also matches longer names ("/aws/ecs/app-dev-old"); only the exact one counts.
      const group = logGroups.find((g) => g.logGroupName === logGroupName);
      if (!group) {
        throw new ResourceNotFoundError(`log group ${logGroupName}`);
      }
      const observed = { retentionInDays: group.retentionInDays ?? null, kmsKeyId: group.kmsKeyId ?? null };
      return {
        pass: observed.retentionInDays === REQUIREMENTS.logRetentionDays && isKey(group.kmsKeyId, logsKey),
        expected: { retentionInDays: REQUIREMENTS.logRetentionDays, kmsKeyId: logsKey.arn },
        observed,
      };
    },
  };
}
