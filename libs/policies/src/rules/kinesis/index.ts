export * from "./StreamEncryptedWithCustomerKey";
