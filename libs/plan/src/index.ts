export * from "./model";
export * from "./layout";
export * from "./read";
export * from "./summary";
export * from "./synth";
export * from "./synth-cli";
export * from "./tree";
export * from "./plan-cli";
