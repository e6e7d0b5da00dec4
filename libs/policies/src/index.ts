// The engine-free API: the policies, the pack's policy list and the offline evaluator.
// The CrossGuard entry point is ./pack (package.json "main"), which nothing here imports.
export * from "./rules";
export * from "./policies";
export * from "./evaluate";
export * from "./cli";
