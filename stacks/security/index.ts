// fin-security: layer 1 of 4. Creates the customer-managed KMS keys every other layer encrypts with.
import { createAwsProvider } from "@fin/config";
import type { SecurityOutputs, StackOutputs } from "@fin/contracts";
import { loadSecurityConfig } from "./src/config";
import { PlatformKeys } from "./src/platform-keys";

const config = loadSecurityConfig();
const provider = createAwsProvider(config);

const { keys } = new PlatformKeys("platform", { environmentSuffix: config.environmentSuffix, region: config.region }, { provider });

const outputs: StackOutputs<SecurityOutputs> = {
  databaseKeyArn: keys.database.key.arn,
  databaseKeyId: keys.database.key.keyId,
  databaseKeyAlias: keys.database.alias.name,
  logsKeyArn: keys.logs.key.arn,
  logsKeyId: keys.logs.key.keyId,
  logsKeyAlias: keys.logs.alias.name,
  storageKeyArn: keys.storage.key.arn,
  storageKeyId: keys.storage.key.keyId,
  storageKeyAlias: keys.storage.alias.name,
  backupKeyArn: keys.backup.key.arn,
  backupKeyId: keys.backup.key.keyId,
  backupKeyAlias: keys.backup.alias.name,
};

export const {
  databaseKeyArn,
  databaseKeyId,
  databaseKeyAlias,
  logsKeyArn,
  logsKeyId,
  logsKeyAlias,
  storageKeyArn,
  storageKeyId,
  storageKeyAlias,
  backupKeyArn,
  backupKeyId,
  backupKeyAlias,
} = outputs;
