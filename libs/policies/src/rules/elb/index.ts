export * from "./AlbDropsInvalidHeaders";
export * from "./HttpListenerRedirectsInProduction";
export * from "./HttpListenerRedirectsToHttps";
export * from "./ListenerUsesModernTls";
export * from "./PublicServiceBehindListener";
