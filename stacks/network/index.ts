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

const network = new Vpc("platform", { cidrBlock: config.vpcCidr, availabilityZones: config.availabilityZones, environmentSuffix }, { provider });

const groups = new SecurityGroups(
  "platform",
  {
    vpcId: network.vpc.id,
    region,
    albIngressCidrs: config.albIngressCidrs,
    appPort: config.appPort,
    databasePort: config.databasePort,
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

const flowLogs = new FlowLogs("platform", { vpcId: network.vpc.id, logsKeyArn: security.logsKeyArn, region, environmentSuffix }, { provider });

const outputs: StackOutputs<NetworkOutputs> = {
  vpcId: network.vpc.id,
  vpcCidr: network.vpc.cidrBlock,
  availabilityZones: config.availabilityZones,
  publicSubnetIds: pulumi.all(network.publicSubnets.map((s) => s.subnet.id)),
  privateSubnetIds: pulumi.all(network.privateSubnets.map((s) => s.subnet.id)),
  privateRouteTableIds: pulumi.all(network.privateRouteTables.map((t) => t.id)),
  albSecurityGroupId: groups.alb.id,
  taskSecurityGroupId: groups.task.id,
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
  taskSecurityGroupId,
  databaseSecurityGroupId,
  endpointSecurityGroupId,
  appPort,
  databasePort,
  s3GatewayEndpointId,
  interfaceEndpointIds,
  flowLogGroupName,
} = outputs;
