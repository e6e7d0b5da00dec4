export * from "./AuroraDeletionProtectionDisabled";
export * from "./AuroraEncryptedWithCustomerKey";
export * from "./AuroraIamAuthenticationEnabled";
export * from "./AuroraRetainsBackupsRequiredDays";
export * from "./AuroraSkipsFinalSnapshot";
export * from "./DbInstanceNotPubliclyAccessible";
export * from "./AuroraReaderInAnotherAz";
export * from "./AuroraReaderInAnotherAzEphemeral";
