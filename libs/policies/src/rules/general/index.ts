export * from "./NamedResourcesCarrySuffix";
export * from "./ResourcesNotProtected";
