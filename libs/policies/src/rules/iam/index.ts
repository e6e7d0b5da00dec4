export * from "./PolicyNoWildcardActions";
export * from "./PolicyWildcardResourcesJustified";
