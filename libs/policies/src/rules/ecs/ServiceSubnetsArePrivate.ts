import { StackValidationPolicy } from "@pulumi/policy";
import * as aws from "@pulumi/aws";
import { LAYER_PROJECTS, NetworkOutputs } from "@fin/contracts";
import { list, record } from "../../lib/values";

/** StackReference has no static type token to test against, so its type is matched by name. */
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** The network layer's StackReference names end in `/<project>/<stack>`. */
const NETWORK_REFERENCE = new RegExp(`(^|/)${LAYER_PROJECTS.network}/[^/]+$`);

/**
 * Every ECS service subnet is one of the network layer's private subnets (requirement: compute
 * runs in private subnets). The private subnets come from the fin-network StackReference outputs,
 * which is how the compute layer gets them.
 */
export const ServiceSubnetsArePrivate: StackValidationPolicy = {
  name: "service-subnets-are-private",
  description: "Every ECS service subnet is one of the network layer's private subnets.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const references = args.resources.filter((r) => r.type === STACK_REFERENCE && NETWORK_REFERENCE.test(String(r.props.name)));
    const privateSubnets = new Set<string>();
    for (const reference of references) {
      const outputs = record(reference.props.outputs) as Partial<NetworkOutputs>;
      list(outputs.privateSubnetIds).forEach((id) => privateSubnets.add(id));
    }
    for (const service of args.resources.filter((r) => r.isType(aws.ecs.Service))) {
      const subnets = list<string>(service.props.networkConfiguration?.subnets);
      if (privateSubnets.size === 0) {
        report(`No ${LAYER_PROJECTS.network} StackReference with privateSubnetIds is in the stack, so the service's subnets cannot be checked.`, service.urn);
        continue;
      }
      for (const subnet of subnets.filter((s) => !privateSubnets.has(s))) {
        report(`Subnet '${subnet}' is not one of the private subnets [${[...privateSubnets].join(", ")}].`, service.urn);
      }
    }
  },
};
