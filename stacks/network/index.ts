// fin-network: layer 2 of 4. A 3-AZ VPC with no NAT: VPC endpoints, security groups and flow logs.
// An ephemeral stack's network is a guest of the shared network's stack (ADR 0019): only its own
// ALB and database groups, in the shared VPC.
import { createAwsProvider } from "@fin/config";
import { NetworkOutputs, StackOutputs } from "@fin/contracts";
import { loadNetworkConfig } from "./src/config";
import { guestNetwork } from "./src/guest-network";
import { hostNetwork } from "./src/host-network";

const config = loadNetworkConfig();
const provider = createAwsProvider(config);
const role = config.role;

const outputs: StackOutputs<NetworkOutputs> = role.role === "guest" ? guestNetwork(config, role.host, provider) : hostNetwork(config, provider);

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
