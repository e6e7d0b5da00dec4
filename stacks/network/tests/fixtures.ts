import * as path from "node:path";
import type { SecurityOutputs } from "@fin/contracts";
import { TEST_ACCOUNT_ID, TEST_REGION, resolveStackConfig } from "@fin/testing";

export const STACK_DIR = path.resolve(__dirname, "..");

export const LOGS_KEY_ID = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b";
export const LOGS_KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/${LOGS_KEY_ID}`;

const key = (purpose: string, id: string) => ({
  [`${purpose}KeyArn`]: `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/${id}`,
  [`${purpose}KeyId`]: id,
  [`${purpose}KeyAlias`]: `alias/${purpose}-key-dev`,
});

/** What fin-security/dev exports, as its StackReference returns it. */
export const SECURITY_OUTPUTS = {
  ...key("database", "0a0a0a0a-0000-4000-8000-000000000001"),
  ...key("logs", LOGS_KEY_ID),
  ...key("storage", "0a0a0a0a-0000-4000-8000-000000000003"),
  ...key("backup", "0a0a0a0a-0000-4000-8000-000000000004"),
} as unknown as SecurityOutputs;

/** The dev stack's configuration exactly as `pulumi up` would see it, with optional overrides. */
export const devConfig = (overrides: Record<string, unknown> = {}): Record<string, string> => resolveStackConfig(STACK_DIR, "dev", overrides);

export const STACK_OUTPUTS = { "organization/fin-security/dev": SECURITY_OUTPUTS as unknown as Record<string, unknown> };
