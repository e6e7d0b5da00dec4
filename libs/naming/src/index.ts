export * from "./environment-suffix";
export * from "./physical-name";
