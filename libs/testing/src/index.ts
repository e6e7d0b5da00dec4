export * from "./aws-fixtures";
export * from "./harness";
export * from "./stack-config";
export * from "./synth";
export * from "./synth-cli";
