export * from "./requirements";
export * from "./config-reader";
export * from "./layer-config";
export * from "./aws-provider";
export * from "./profile";
export * from "./shared-network";
