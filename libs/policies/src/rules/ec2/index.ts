export * from "./DefaultSecurityGroupClosed";
export * from "./NoNatGateway";
export * from "./SecurityGroupNoAllowAllEgress";
export * from "./SecurityGroupNoWorldIngressExceptWeb";
export * from "./SubnetNoAutoPublicIp";
export * from "./VpcDefaultSecurityGroupAdopted";
export * from "./VpcFlowLogsEnabled";
export * from "./InterfaceEndpointsInEveryAz";
