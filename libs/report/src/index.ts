export * from "./data";
export * from "./graph";
export * from "./cost";
export * from "./render";
export * from "./diagram";
export * from "./cli";
export * from "./plan-diff";
