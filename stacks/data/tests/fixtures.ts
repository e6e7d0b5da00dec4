import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { NetworkOutputs, SecurityOutputs } from "@fin/contracts";
import { TEST_ACCOUNT_ID, TEST_AZS, TEST_REGION, resolveStackConfig } from "@fin/testing";

export const STACK_DIR = path.resolve(__dirname, "..");

const keyId = (n: number) => `0a0a0a0a-0000-4000-8000-00000000000${n}`;
const keyArn = (n: number) => `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/${keyId(n)}`;
export const KEYS = { database: keyArn(1), logs: keyArn(2), storage: keyArn(3), backup: keyArn(4) } as const;

/** What fin-security/dev exports, in the contract's shape. */
export const SECURITY_OUTPUTS: SecurityOutputs = {
  databaseKeyArn: KEYS.database,
  databaseKeyId: keyId(1),
  databaseKeyAlias: "alias/database-key-dev",
  logsKeyArn: KEYS.logs,
  logsKeyId: keyId(2),
  logsKeyAlias: "alias/logs-key-dev",
  storageKeyArn: KEYS.storage,
  storageKeyId: keyId(3),
  storageKeyAlias: "alias/storage-key-dev",
  backupKeyArn: KEYS.backup,
  backupKeyId: keyId(4),
  backupKeyAlias: "alias/backup-key-dev",
};

export const PRIVATE_SUBNETS = ["subnet-0aaa0000000000001", "subnet-0aaa0000000000002", "subnet-0aaa0000000000003"];
export const DATABASE_SG = "sg-0db00000000000001";
/** Deliberately not 5432: the cluster must take the port from the network layer. */
export const DATABASE_PORT = 5433;

/** What fin-network/dev exports, in the contract's shape. */
export const NETWORK_OUTPUTS: NetworkOutputs = {
  vpcId: "vpc-0f00000000000001",
  vpcCidr: "10.40.0.0/16",
  availabilityZones: [...TEST_AZS],
  publicSubnetIds: ["subnet-0bbb0000000000001", "subnet-0bbb0000000000002", "subnet-0bbb0000000000003"],
  privateSubnetIds: PRIVATE_SUBNETS,
  privateRouteTableIds: ["rtb-0ccc0000000000001", "rtb-0ccc0000000000002", "rtb-0ccc0000000000003"],
  albSecurityGroupId: "sg-0a1b00000000000001",
  databaseSecurityGroupId: DATABASE_SG,
  endpointSecurityGroupId: "sg-0e9d00000000000001",
  appPort: 8080,
  databasePort: DATABASE_PORT,
  s3GatewayEndpointId: "vpce-0s3000000000000001",
  interfaceEndpointIds: { logs: "vpce-0109000000000001" },
  flowLogGroupName: "/aws/vpc/flow-logs-dev",
};

export const STACK_OUTPUTS = {
  "organization/fin-security/dev": SECURITY_OUTPUTS as unknown as Record<string, unknown>,
  "organization/fin-network/dev": NETWORK_OUTPUTS as unknown as Record<string, unknown>,
};

/** A stack's configuration exactly as `pulumi up` would see it, with optional overrides. */
export const stackConfig = (stack: string, overrides: Record<string, unknown> = {}): Record<string, string> =>
  resolveStackConfig(STACK_DIR, stack, overrides);

/** A config source over fully qualified keys, for loadDataConfig. */
export const sourceOf = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

/** Parses a JSON policy input. */
export const json = (value: unknown): unknown => JSON.parse(String(value));

/**
 * Records the options each resource was declared with (ignoreChanges is not on the mock monitor's
 * request), through a transformation that changes nothing. Keyed by "<type>::<logical name>".
 */
export function optionsRecorder() {
  const seen = new Map<string, pulumi.ResourceOptions>();
  const transformation: pulumi.ResourceTransformation = ({ type, name, opts }) => {
    seen.set(`${type}::${name}`, opts);
    return undefined;
  };
  return { transformation, ignoreChanges: (type: string, name: string) => seen.get(`${type}::${name}`)?.ignoreChanges };
}
