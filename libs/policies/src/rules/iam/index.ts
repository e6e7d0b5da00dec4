export * from "./PolicyNoWildcardActions";
export * from "./PolicyWildcardResourcesJustified";
export * from "./TaskRoleStatementsMatchGrants";
