export * from "./SecretEncryptedWithCustomerKey";
