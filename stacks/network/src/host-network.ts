import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkOutputs, StackOutputs, readSecurity } from "@fin/contracts";
import { NetworkConfig } from "./config";
import { FlowLogs } from "./flow-logs";
import { SecurityGroups } from "./security-groups";
import { Vpc } from "./vpc";
import { VpcEndpoints } from "./vpc-endpoints";

/**
 * The network as every production stack (and the shared network's stack, pr-shared) has it: the VPC,
 * its subnets, the endpoints, the flow logs and the groups. Logical names are those the layer always
 * used, so an existing stack keeps every URN.
 */
export function hostNetwork(config: NetworkConfig, provider: aws.Provider): StackOutputs<NetworkOutputs> {
  const security = readSecurity({ organization: config.stackOrganization, stack: config.stack });
  const { environmentSuffix, region } = config;

  // The VPC comes first and checks the configured AZs against the region's available ones; every
  // other resource waits on it, so a zone AWS does not offer fails the program before any is created.
  const network = new Vpc(
    "platform",
    { cidrBlock: config.vpcCidr, availabilityZones: config.availabilityZones, region, environmentSuffix },
    { provider },
  );

  const groups = new SecurityGroups("platform", { vpcId: network.vpc.id, albIngressCidrs: config.albIngressCidrs, environmentSuffix }, { provider });
  const vpcWide = groups.addVpcWideGroups();

  const endpoints = new VpcEndpoints(
    "platform",
    {
      vpcId: network.vpc.id,
      region,
      privateSubnetIds: network.privateSubnets.map((s) => s.subnet.id),
      privateRouteTableIds: network.privateRouteTables.map((t) => t.id),
      securityGroupId: vpcWide.endpoint.id,
      interfaceServices: config.interfaceEndpoints,
      environmentSuffix,
    },
    { provider },
  );

  // Its log group and role need nothing from the VPC; they wait for it anyway, so a failed AZ check
  // leaves nothing behind: a component registers only once its dependsOn URNs resolve, and its
  // children wait for its URN (@pulumi/pulumi runtime/dependsOn.ts, runtime/resource.ts).
  const flowLogs = new FlowLogs(
    "platform",
    { vpcId: network.vpc.id, logsKeyArn: security.logsKeyArn, region, environmentSuffix },
    { provider, dependsOn: [network.vpc] },
  );

  return {
    vpcId: network.vpc.id,
    vpcCidr: network.vpc.cidrBlock,
    availabilityZones: network.availabilityZones,
    publicSubnetIds: pulumi.all(network.publicSubnets.map((s) => s.subnet.id)),
    privateSubnetIds: pulumi.all(network.privateSubnets.map((s) => s.subnet.id)),
    privateRouteTableIds: pulumi.all(network.privateRouteTables.map((t) => t.id)),
    albSecurityGroupId: groups.alb.id,
    databaseSecurityGroupId: groups.database.id,
    endpointSecurityGroupId: vpcWide.endpoint.id,
    appPort: config.appPort,
    databasePort: config.databasePort,
    s3GatewayEndpointId: endpoints.s3Gateway.id,
    interfaceEndpointIds: endpoints.interfaceEndpointIds,
    flowLogGroupName: flowLogs.logGroup.name,
  };
}
