import * as aws from "@pulumi/aws";
import { NetworkOutputs, StackOutputs, readNetwork } from "@fin/contracts";
import { NetworkConfig } from "./config";
import { SecurityGroups } from "./security-groups";

/**
 * An ephemeral environment's network when it is a guest of `host` (ADR 0019): it reads the host's
 * outputs through one StackReference and declares only this environment's ALB and database groups
 * (the same names, descriptions and ALB rules as a host's) in the host's VPC. Everything else it
 * exports is the host's, so data and compute read `network <this stack>` exactly as before; the
 * endpoint group is the host's, and this environment's compute adds its services' rules to it.
 * No VPC, subnet, endpoint, flow log or NAT is declared, and the security layer is not read.
 */
export function guestNetwork(config: NetworkConfig, host: string, provider: aws.Provider): StackOutputs<NetworkOutputs> {
  const shared = readNetwork({ organization: config.stackOrganization, stack: host });
  const groups = new SecurityGroups(
    "platform",
    { vpcId: shared.vpcId, albIngressCidrs: config.albIngressCidrs, environmentSuffix: config.environmentSuffix },
    { provider },
  );
  return { ...shared, albSecurityGroupId: groups.alb.id, databaseSecurityGroupId: groups.database.id };
}
