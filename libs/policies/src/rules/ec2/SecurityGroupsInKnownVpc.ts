import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { LAYER_PROJECTS, NetworkOutputs } from "@fin/contracts";
import { record } from "../../lib/values";

/** StackReference has no static type token to test against, so its type is matched by name. */
const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const NETWORK_REFERENCE = new RegExp(`(^|/)${LAYER_PROJECTS.network}/[^/]+$`);

/**
 * Every security group sits in a VPC the stack knows: one it declares, or the `vpcId` a fin-network
 * StackReference exports. A guest network (issue 18, ADR 0019) declares its ALB and database groups
 * in its host's VPC, which it reads by StackReference; a group in any other VPC would be created
 * (CreateSecurityGroup takes any VPC of the account) and then fail or isolate whatever attaches to it.
 * A vpcId not known at preview (the VPC is created by the same update) is not judged.
 */
export const SecurityGroupsInKnownVpc: StackValidationPolicy = {
  name: "security-groups-in-known-vpc",
  description: "Every security group is in a VPC the stack declares or a fin-network StackReference exports.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const declared = args.resources.filter((r) => r.isType(aws.ec2.Vpc)).map((r) => r.props.id as unknown);
    const referenced = args.resources
      .filter((r) => r.type === STACK_REFERENCE && NETWORK_REFERENCE.test(String(r.props.name)))
      .map((r) => (record(r.props.outputs) as Partial<NetworkOutputs>).vpcId);
    const known = new Set([...declared, ...referenced].filter((id): id is string => typeof id === "string"));
    for (const group of args.resources.filter((r) => r.isType(aws.ec2.SecurityGroup))) {
      const vpcId: unknown = group.props.vpcId;
      if (typeof vpcId === "string" && !known.has(vpcId)) {
        report(
          `Security group '${String(group.props.name ?? group.name)}' is in VPC '${vpcId}', which the stack neither declares nor reads from a ${LAYER_PROJECTS.network} StackReference (known: [${[...known].join(", ")}]).`,
          group.urn,
        );
      }
    }
  },
};
