export * from "./policy-document";
export * from "./statements";
