export * from "./AlbDropsInvalidHeaders";
export * from "./ListenerHttpsModernTlsOrRedirect";
