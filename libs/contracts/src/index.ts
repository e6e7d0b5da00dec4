export * from "./layer-reference";
export * from "./security";
export * from "./network";
export * from "./data";
export * from "./compute";
