import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { PolicyDocument, policyDocument, serviceTrustPolicy, sourceAccountCondition } from "@fin/iam";
import { physicalName } from "@fin/naming";

export interface FlowLogsArgs {
  readonly vpcId: pulumi.Input<string>;
  /** ARN of the security layer's logs key (its policy admits logs.<region>.amazonaws.com). */
  readonly logsKeyArn: pulumi.Input<string>;
  readonly region: string;
  readonly environmentSuffix: string;
}

/** Only the flow-logs service, and only for flow logs of this account, may assume the role (confused deputy). */
export function flowLogsTrustPolicy(ctx: { partition: string; accountId: string; region: string }): PolicyDocument {
  return serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
    sid: "AllowVpcFlowLogsOfThisAccount",
    conditions: sourceAccountCondition(ctx.accountId, `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:vpc-flow-log/*`),
  });
}

/** `arn:...:log-group:<name>` -> `arn:...:log-group:*`: every log group of that account and region. */
export const logGroupsOfAccount = (logGroupArn: string): string => `${logGroupArn.slice(0, logGroupArn.indexOf(":log-group:"))}:log-group:*`;

/**
 * What delivery needs: the actions of the VPC guide's flow-log role ("IAM role for publishing
 * flow logs to CloudWatch Logs": https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html#flow-logs-iam-role)
 * but CreateLogGroup, since the group exists already; in the one group it writes to, whose `:*`
 * form covers its log streams.
 *
 * DescribeLogGroups is a List action over the account's groups ("return all the log groups that
 * are associated with the AWS account making the request", Service Authorization Reference:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html),
 * and IAM evaluates it against `arn:aws:logs:<region>:<account>:log-group::log-stream:`, an empty
 * group name, the resource every AccessDenied reported for it names. A grant on one group's ARN
 * never matches that, so the action gets this account's log groups in this region instead, which
 * does, and is still narrower than the `"*"` of the VPC guide's example.
 */
export function flowLogsDeliveryPolicy(logGroupArn: string): PolicyDocument {
  return policyDocument(
    {
      Sid: "DeliverToTheFlowLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [logGroupArn, `${logGroupArn}:*`],
    },
    {
      Sid: "ListLogGroups",
      Effect: "Allow",
      Action: ["logs:DescribeLogGroups"],
      Resource: logGroupsOfAccount(logGroupArn),
    },
  );
}

/** Every accepted and rejected flow of the VPC, to a KMS-encrypted group kept exactly 30 days. */
export class FlowLogs extends pulumi.ComponentResource {
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.Policy;
  readonly flowLog: aws.ec2.FlowLog;

  constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:network:FlowLogs", name, {}, opts);
    const suffix = args.environmentSuffix;

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });

    const groupName = physicalName("logGroup", "/aws/vpc/flow-logs", suffix);
    this.logGroup = new aws.cloudwatch.LogGroup(
      name,
      { name: groupName, retentionInDays: REQUIREMENTS.logRetentionDays, kmsKeyId: args.logsKeyArn, tags: { Name: groupName } },
      { parent: this },
    );

    // A customer-managed policy, not an inline one (IAMNoInlinePolicy), attached to the role.
    const roleName = physicalName("iamRole", "vpc-flow-logs", suffix);
    this.role = new aws.iam.Role(
      name,
      {
        name: roleName,
        description: `Delivers the VPC flow logs to ${groupName}`,
        assumeRolePolicy: pulumi
          .all([partition.partition, identity.accountId])
          .apply(([p, accountId]) => JSON.stringify(flowLogsTrustPolicy({ partition: p, accountId, region: args.region }))),
        tags: { Name: roleName },
      },
      { parent: this },
    );
    const policyName = physicalName("iamPolicy", "vpc-flow-logs", suffix);
    this.policy = new aws.iam.Policy(
      name,
      {
        name: policyName,
        description: `Writes VPC flow log records to ${groupName} only`,
        policy: this.logGroup.arn.apply((arn) => JSON.stringify(flowLogsDeliveryPolicy(arn))),
        tags: { Name: policyName },
      },
      { parent: this },
    );
    const attachment = new aws.iam.RolePolicyAttachment(name, { role: this.role.name, policyArn: this.policy.arn }, { parent: this });

    // Created after the permission exists, so the first delivery does not fail with an access error.
    this.flowLog = new aws.ec2.FlowLog(
      name,
      {
        vpcId: args.vpcId,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: this.logGroup.arn,
        iamRoleArn: this.role.arn,
        // One-minute aggregation: investigations need finer than the 10-minute default.
        maxAggregationInterval: 60,
        tags: { Name: physicalName("flowLog", "vpc-flow-log", suffix) },
      },
      { parent: this, dependsOn: [attachment] },
    );

    this.registerOutputs({ flowLogGroupName: this.logGroup.name, flowLogId: this.flowLog.id });
  }
}
