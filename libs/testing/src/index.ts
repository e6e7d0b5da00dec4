export * from "./aws-fixtures";
export * from "./fixture-project";
export * from "./git-repo";
export * from "./harness";
export * from "./pulumi-project";
export * from "./scratch";
export * from "./stack-config";
export * from "./stack-config-source";
