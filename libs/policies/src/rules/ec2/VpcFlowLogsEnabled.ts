import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";

/** Flow log traffic types that record rejected traffic. */
const RECORDING = ["ALL", "REJECT"];

/** Every VPC has a flow log recording at least rejected traffic (VPC7, EC2.6, CKV2_AWS_11, AVD-AWS-0178). */
export const VpcFlowLogsEnabled: StackValidationPolicy = {
  name: "vpc-flow-logs-enabled",
  description: "Every VPC has a flow log recording ALL (or REJECT) traffic.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const logged = new Set(
      args.resources.filter((r) => r.isType(aws.ec2.FlowLog) && RECORDING.includes(String(r.props.trafficType))).map((r) => r.props.vpcId),
    );
    for (const vpc of args.resources.filter((r) => r.isType(aws.ec2.Vpc))) {
      if (!logged.has(vpc.props.id)) {
        report(`VPC '${vpc.props.id}' has no flow log with trafficType ALL or REJECT.`, vpc.urn);
      }
    }
  },
};
