export * from "./RepositoryEncryptedWithCustomerKey";
export * from "./RepositoryScansOnPush";
export * from "./RepositoryTagsImmutable";
