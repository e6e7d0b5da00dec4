export * from "./environment-suffix";
export * from "./physical-name";
export * from "./stack-protection";
export * from "./shared-network";
