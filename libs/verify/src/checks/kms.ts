import { DescribeKeyCommand, GetKeyRotationStatusCommand } from "@aws-sdk/client-kms";
import type { Check } from "../check";
import type { KeyRef } from "../kms-key";

/** A platform key is a customer-managed key, enabled, with automatic rotation on. */
export function kmsKeyCheck(purpose: string, key: KeyRef): Check {
  return {
    id: `kms.${purpose}`,
    title: `KMS key for ${purpose} is customer managed, enabled and rotated`,
    resource: key.alias,
    async run(aws) {
      const { KeyMetadata } = await aws.kms.send(new DescribeKeyCommand({ KeyId: key.arn }));
      const { KeyRotationEnabled } = await aws.kms.send(new GetKeyRotationStatusCommand({ KeyId: key.arn }));
      const observed = { keyState: KeyMetadata?.KeyState, keyManager: KeyMetadata?.KeyManager, rotation: KeyRotationEnabled === true };
      const expected = { keyState: "Enabled", keyManager: "CUSTOMER", rotation: true };
      return { pass: observed.keyState === expected.keyState && observed.keyManager === expected.keyManager && observed.rotation, expected, observed };
    },
  };
}
