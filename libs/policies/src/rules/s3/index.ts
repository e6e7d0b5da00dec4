export * from "./BucketCompanionsDeclared";
export * from "./BucketEncryptedWithCustomerKey";
export * from "./BucketLifecycleToGlacier";
export * from "./BucketPolicyRequiresTls";
export * from "./BucketPublicAccessBlocked";
export * from "./BucketVersioningEnabled";
