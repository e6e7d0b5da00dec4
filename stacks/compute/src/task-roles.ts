import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";
import { databaseUserArn, ecsTasksTrustPolicy, executionPolicyDocument, taskPolicyDocument } from "./iam-policies";

export interface TaskRolesArgs {
  readonly environmentSuffix: string;
  readonly region: string;
  // Execution role: what the ECS agent touches before the app runs.
  readonly repositoryArn: pulumi.Input<string>;
  readonly logGroupArn: pulumi.Input<string>;
  readonly databaseSecretArn: pulumi.Input<string>;
  readonly databaseKeyArn: pulumi.Input<string>;
  // Task role: what the application touches.
  readonly rawBucketArn: pulumi.Input<string>;
  readonly processedBucketArn: pulumi.Input<string>;
  readonly streamArn: pulumi.Input<string>;
  readonly storageKeyArn: pulumi.Input<string>;
  readonly clusterResourceId: pulumi.Input<string>;
  readonly databaseIamUser: string;
}

/**
 * Separate execution and task roles, each with one customer-managed policy scoped to exact
 * ARNs (attached, never inline, and no AWS-managed policy such as AmazonECSTaskExecutionRolePolicy,
 * whose statements apply to every repository, group and secret).
 */
export class TaskRoles extends pulumi.ComponentResource {
  readonly executionRole: aws.iam.Role;
  readonly taskRole: aws.iam.Role;
  /**
   * The two RolePolicyAttachments (execution, then task). A role ARN exists before its policy is
   * attached, so whatever starts tasks must wait for these, not just for the ARNs.
   */
  readonly policyAttachments: readonly aws.iam.RolePolicyAttachment[];

  constructor(name: string, args: TaskRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:TaskRoles", name, {}, opts);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const suffix = args.environmentSuffix;

    const attachments: aws.iam.RolePolicyAttachment[] = [];
    const role = (kind: "execution" | "task", description: string, policy: pulumi.Output<string>): aws.iam.Role => {
      const roleName = physicalName("iamRole", `analytics-${kind}-role`, suffix);
      const created = new aws.iam.Role(
        `${name}-${kind}`,
        {
          name: roleName,
          description,
          assumeRolePolicy: identity.accountId.apply((accountId) => JSON.stringify(ecsTasksTrustPolicy(accountId))),
        },
        { parent: this },
      );
      const attached = new aws.iam.Policy(
        `${name}-${kind}`,
        { name: physicalName("iamPolicy", `analytics-${kind}-policy`, suffix), description, policy },
        { parent: this },
      );
      attachments.push(new aws.iam.RolePolicyAttachment(`${name}-${kind}`, { role: created.name, policyArn: attached.arn }, { parent: this }));
      return created;
    };

    this.executionRole = role(
      "execution",
      "ECS agent: pull the analytics image, write its log group, read the database secret",
      pulumi
        .all([args.repositoryArn, args.logGroupArn, args.databaseSecretArn, args.databaseKeyArn])
        .apply(([repositoryArn, logGroupArn, secretArn, secretKeyArn]) =>
          JSON.stringify(executionPolicyDocument({ region: args.region, repositoryArn, logGroupArn, secretArn, secretKeyArn })),
        ),
    );

    this.taskRole = role(
      "task",
      "Analytics application: raw and processed buckets, the stream, IAM database auth",
      pulumi
        .all([args.rawBucketArn, args.processedBucketArn, args.streamArn, args.storageKeyArn, args.clusterResourceId, partition.partition, identity.accountId])
        .apply(([rawBucketArn, processedBucketArn, streamArn, storageKeyArn, clusterResourceId, p, accountId]) =>
          JSON.stringify(
            taskPolicyDocument({
              region: args.region,
              rawBucketArn,
              processedBucketArn,
              streamArn,
              storageKeyArn,
              databaseUserArn: databaseUserArn(p, args.region, accountId, clusterResourceId, args.databaseIamUser),
            }),
          ),
        ),
    );
    this.policyAttachments = attachments;

    this.registerOutputs({});
  }
}
