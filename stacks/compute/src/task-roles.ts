import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CALLS_TAG, GRANTS_TAG, type Grant } from "@fin/contracts";
import { physicalName } from "@fin/naming";
import { databaseUserArn, ecsTasksTrustPolicy, executionPolicyDocument, taskPolicyDocument } from "./iam-policies";

export interface TaskRolesArgs {
  readonly environmentSuffix: string;
  readonly region: string;
  /** The catalog service the roles belong to (`<service>-<kind>-role-<suffix>`). */
  readonly serviceName: string;
  // Execution role: what the ECS agent touches before the app runs.
  readonly repositoryArn: pulumi.Input<string>;
  readonly logGroupArn: pulumi.Input<string>;
  // Task role: built from the grants alone.
  readonly grants: readonly Grant[];
  /** The services it calls: only a tag on the task role (no IAM is involved in a call). */
  readonly calls: readonly string[];
  readonly rawBucketArn: pulumi.Input<string>;
  readonly processedBucketArn: pulumi.Input<string>;
  readonly streamArn: pulumi.Input<string>;
  readonly storageKeyArn: pulumi.Input<string>;
  readonly clusterResourceId: pulumi.Input<string>;
  /** Its own PostgreSQL user (catalog.ts databaseUserOf). */
  readonly databaseUser: string;
  readonly metricsNamespace: string;
}

/**
 * A service's own execution and task roles, each with at most one customer-managed policy scoped to
 * exact ARNs (attached, never inline, and no AWS-managed policy such as AmazonECSTaskExecutionRolePolicy,
 * whose statements apply to every repository, group and secret). The task role's statements are its
 * grants' (iam-policies.ts GRANT_STATEMENTS) and nothing else; a service without grants has a task role
 * with no policy.
 */
export class TaskRoles extends pulumi.ComponentResource {
  readonly executionRole: aws.iam.Role;
  readonly taskRole: aws.iam.Role;
  /**
   * The RolePolicyAttachments (execution, then task when it has grants). A role ARN exists before its
   * policy is attached, so whatever starts tasks must wait for these, not just for the ARNs.
   */
  readonly policyAttachments: readonly aws.iam.RolePolicyAttachment[];

  constructor(name: string, args: TaskRolesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:TaskRoles", name, {}, opts);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const suffix = args.environmentSuffix;
    const service = args.serviceName;

    const attachments: aws.iam.RolePolicyAttachment[] = [];
    const role = (kind: "execution" | "task", description: string, policy: pulumi.Output<string> | undefined, tags: Record<string, string>): aws.iam.Role => {
      const created = new aws.iam.Role(
        `${name}-${kind}`,
        {
          name: physicalName("iamRole", `${service}-${kind}-role`, suffix),
          description,
          assumeRolePolicy: identity.accountId.apply((accountId) => JSON.stringify(ecsTasksTrustPolicy(accountId))),
          tags,
        },
        { parent: this },
      );
      if (policy !== undefined) {
        const attached = new aws.iam.Policy(
          `${name}-${kind}`,
          { name: physicalName("iamPolicy", `${service}-${kind}-policy`, suffix), description, policy },
          { parent: this },
        );
        attachments.push(new aws.iam.RolePolicyAttachment(`${name}-${kind}`, { role: created.name, policyArn: attached.arn }, { parent: this }));
      }
      return created;
    };

    this.executionRole = role(
      "execution",
      `ECS agent: pull the ${service} image, write its log group`,
      pulumi
        .all([args.repositoryArn, args.logGroupArn])
        .apply(([repositoryArn, logGroupArn]) => JSON.stringify(executionPolicyDocument({ repositoryArn, logGroupArn }))),
      {},
    );

    const grantList = args.grants.join(" ");
    this.taskRole = role(
      "task",
      `${service} application: ${grantList === "" ? "no grants" : grantList}`,
      args.grants.length === 0
        ? undefined
        : pulumi
            .all([args.rawBucketArn, args.processedBucketArn, args.streamArn, args.storageKeyArn, args.clusterResourceId, partition.partition, identity.accountId])
            .apply(([rawBucketArn, processedBucketArn, streamArn, storageKeyArn, clusterResourceId, p, accountId]) =>
              JSON.stringify(
                taskPolicyDocument(args.grants, {
                  region: args.region,
                  rawBucketArn,
                  processedBucketArn,
                  streamArn,
                  storageKeyArn,
                  databaseUserArn: databaseUserArn(p, args.region, accountId, clusterResourceId, args.databaseUser),
                  metricsNamespace: args.metricsNamespace,
                }),
              ),
            ),
      // The policy pack compares the role's statements with what it declares (contract of issue 16).
      { [GRANTS_TAG]: grantList, [CALLS_TAG]: args.calls.join(" ") },
    );
    this.policyAttachments = attachments;

    this.registerOutputs({});
  }
}
