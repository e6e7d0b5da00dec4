// fin-network: layer 2 of 4. A 3-AZ VPC with no NAT: VPC endpoints, security groups and flow logs.
import * as pulumi from "@pulumi/pulumi";
import { createAwsProvider } from "@fin/config";
import { NetworkOutputs, StackOutputs, readSecurity } from "@fin/contracts";
import { loadNetworkConfig } from "./src/config";
import { FlowLogs } from "./src/flow-logs";
import { SecurityGroups } from "./src/security-groups";
import { Vpc } from "./src/vpc";
import { VpcEndpoints } from "./src/vpc-endpoints";

const config = loadNetworkConfig();
const provider = createAwsProvider(config);
const security = readSecurity({ organization: config.stackOrganization, stack: config.stack });
const { environmentSuffix, region } = config;

// The VPC comes first and checks the configured AZs against the region's available ones; every
// other resource waits on it, so a zone AWS does not offer fails the program before any is created.
const network = new Vpc(
  "platform",
  { cidrBlock: config.vpcCidr, availabilityZones: config.availabilityZones, region, environmentSuffix },
  { provider },
);

const groups = new SecurityGroups(
  "platform",
  {
    vpcId: network.vpc.id,
    albIngressCidrs: config.albIngressCidrs,
    environmentSuffix,
  },
  { provider },
);

const endpoints = new VpcEndpoints(
  "platform",
  {
    vpcId: network.vpc.id,
    region,
    privateSubnetIds: network.privateSubnets.map((s) => s.subnet.id),
    privateRouteTableIds: network.privateRouteTables.map((t) => t.id),
    securityGroupId: groups.endpoint.id,
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

const outputs: StackOutputs<NetworkOutputs> = {
  vpcId: network.vpc.id,
  vpcCidr: network.vpc.cidrBlock,
  availabilityZones: network.availabilityZones,
  publicSubnetIds: pulumi.all(network.publicSubnets.map((s) => s.subnet.id)),
  privateSubnetIds: pulumi.all(network.privateSubnets.map((s) => s.subnet.id)),
  privateRouteTableIds: pulumi.all(network.privateRouteTables.map((t) => t.id)),
  albSecurityGroupId: groups.alb.id,
  databaseSecurityGroupId: groups.database.id,
  endpointSecurityGroupId: groups.endpoint.id,
  appPort: config.appPort,
  databasePort: config.databasePort,
  s3GatewayEndpointId: endpoints.s3Gateway.id,
  interfaceEndpointIds: endpoints.interfaceEndpointIds,
  flowLogGroupName: flowLogs.logGroup.name,
};

export const {
  vpcId,
  vpcCidr,
  availabilityZones,
  publicSubnetIds,
  privateSubnetIds,
  privateRouteTableIds,
  albSecurityGroupId,
  databaseSecurityGroupId,
  endpointSecurityGroupId,
  appPort,
  databasePort,
  s3GatewayEndpointId,
  interfaceEndpointIds,
  flowLogGroupName,
} = outputs;
