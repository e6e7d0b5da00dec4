import { ContractKeys, LAYER_PROJECTS, LayerReference, ReferenceTarget, readLayer } from "./layer-reference";

/**
 * The stack whose network (VPC, subnets, endpoints, flow logs) every ephemeral environment's network
 * joins as a guest (ADR 0019); `readNetwork({ organization, stack: SHARED_NETWORK_STACK })` reads it.
 * Defined in @fin/naming so that @fin/config's networkRole uses the same name.
 */
export { SHARED_NETWORK_STACK } from "@fin/naming";

/** Everything other layers may know about stacks/network. Renaming a key is a breaking change. */
export interface NetworkOutputs {
  vpcId: string;
  vpcCidr: string;
  /** The 3 AZs, in the order every per-AZ list below follows. */
  availabilityZones: string[];
  /** ALB only. */
  publicSubnetIds: string[];
  /** Everything else: tasks, Aurora, endpoint ENIs. */
  privateSubnetIds: string[];
  privateRouteTableIds: string[];
  albSecurityGroupId: string;
  databaseSecurityGroupId: string;
  endpointSecurityGroupId: string;
  /** The network layer's default application port (config `appPort`). */
  appPort: number;
  /** The port Aurora listens on; compute admits each database:connect service on it. */
  databasePort: number;
  s3GatewayEndpointId: string;
  /** Interface endpoint ids keyed by short service name ("ecr.api", "logs", ...). */
  interfaceEndpointIds: Record<string, string>;
  flowLogGroupName: string;
}

export const NETWORK_OUTPUT_KEYS: ContractKeys<NetworkOutputs> = {
  vpcId: true,
  vpcCidr: true,
  availabilityZones: true,
  publicSubnetIds: true,
  privateSubnetIds: true,
  privateRouteTableIds: true,
  albSecurityGroupId: true,
  databaseSecurityGroupId: true,
  endpointSecurityGroupId: true,
  appPort: true,
  databasePort: true,
  s3GatewayEndpointId: true,
  interfaceEndpointIds: true,
  flowLogGroupName: true,
};

export function readNetwork(target: ReferenceTarget): LayerReference<NetworkOutputs> {
  return readLayer<NetworkOutputs>(LAYER_PROJECTS.network, NETWORK_OUTPUT_KEYS, target);
}
