/** Every common key of a layer of the test project `fin-test`, valid, for the stack named by `environmentSuffix`. */
export const commonConfig = (environmentSuffix: string): Record<string, string> => ({
  "fin-test:environmentSuffix": environmentSuffix,
  "aws:region": "us-east-2",
  "fin-test:allowRegionOverride": "false",
  "fin-test:stackOrganization": "organization",
  "fin-test:owner": "platform-team",
  "fin-test:costCenter": "trading-analytics",
  "fin-test:dataClassification": "confidential",
  "fin-test:protected": "false",
});
