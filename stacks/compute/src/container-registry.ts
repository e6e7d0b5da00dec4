import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";

export interface ContainerRegistryArgs {
  readonly environmentSuffix: string;
  /** The storage key (S3, Kinesis and ECR share it). */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** Tagged images kept before the oldest expire; enough to roll back across many releases. */
export const KEEP_TAGGED_IMAGES = 30;
/** Untagged layers (failed or superseded pushes) expire after this many days. */
export const UNTAGGED_IMAGE_DAYS = 7;

/** The ECR lifecycle policy: drop untagged images first, then cap the repository's size. */
export function lifecyclePolicyDocument(): object {
  return {
    rules: [
      {
        rulePriority: 1,
        description: `Expire untagged images after ${UNTAGGED_IMAGE_DAYS} days`,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: UNTAGGED_IMAGE_DAYS },
        action: { type: "expire" },
      },
      {
        // "any" must carry the highest priority number, so it is evaluated last.
        rulePriority: 2,
        description: `Keep the ${KEEP_TAGGED_IMAGES} most recent images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: KEEP_TAGGED_IMAGES },
        action: { type: "expire" },
      },
    ],
  };
}

/**
 * The analytics service's private image repository. Tasks in the private subnets pull from it
 * through the ECR endpoints (there is no NAT), so the service's image must be pushed here.
 */
export class ContainerRegistry extends pulumi.ComponentResource {
  readonly repository: aws.ecr.Repository;

  constructor(name: string, args: ContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:ContainerRegistry", name, {}, opts);

    this.repository = new aws.ecr.Repository(
      name,
      {
        name: physicalName("ecrRepository", "analytics", args.environmentSuffix),
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        // ECR grants itself use of the key at creation, so pulling needs no kms permission.
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
        // Every environment must be destroyable, images included.
        forceDelete: true,
      },
      { parent: this },
    );

    new aws.ecr.LifecyclePolicy(name, { repository: this.repository.name, policy: JSON.stringify(lifecyclePolicyDocument()) }, { parent: this });

    this.registerOutputs({});
  }
}
