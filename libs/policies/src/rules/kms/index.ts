export * from "./KeyDeletionWindowAllowed";
export * from "./KeyRotationEnabled";
