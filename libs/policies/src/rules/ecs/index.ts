export * from "./ClusterContainerInsightsEnabled";
export * from "./ContainersLogToCloudWatch";
export * from "./ContainersReadOnlyNonRoot";
export * from "./ServiceSubnetsArePrivate";
export * from "./ServiceUsesFargateSpot";
export * from "./ServiceWithoutPublicIp";
export * from "./TaskDefinitionFargateMinimumSize";
