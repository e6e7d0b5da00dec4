import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";
import { ResolvedImage, resolveImage } from "./image";

export interface ContainerRegistryArgs {
  readonly environmentSuffix: string;
  /** The catalog service whose images this repository holds (`<service>-<suffix>`). */
  readonly serviceName: string;
  /** The storage key (S3, Kinesis and ECR share it). */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/**
 * Tagged images kept before the oldest expire. ECR's count rule knows nothing of task definitions,
 * so this is the only guard for an image a running (or rollback) revision still pulls: it must stay
 * among the newest KEEP_TAGGED_IMAGES of its stack's repository. Each stack has its own repository and
 * each release is a new immutable tag, so that takes hundreds of pushes without a deploy.
 */
export const KEEP_TAGGED_IMAGES = 500;
/** Untagged images (superseded or failed pushes) expire after this many days. */
export const UNTAGGED_IMAGE_DAYS = 7;

/**
 * The ECR lifecycle policy. There is no `tagStatus: "any"` rule: "keep the 30 newest of any tag" let
 * 30 pushes expire the image a long-running task definition still references. Untagged
 * images expire by age; tagged ones (`tagged` needs a tagPatternList, and `*` matches every tag) only
 * beyond a high count. A digest-pinned image (imageTag sha256:...) must also carry a tag, or the
 * untagged rule expires it.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
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
        rulePriority: 2,
        description: `Keep the ${KEEP_TAGGED_IMAGES} most recent tagged images`,
        selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: KEEP_TAGGED_IMAGES },
        action: { type: "expire" },
      },
    ],
  };
}

/**
 * One catalog service's private image repository. Tasks in the private subnets pull from it
 * through the ECR endpoints (there is no NAT), so the service's image must be pushed here.
 */
export class ContainerRegistry extends pulumi.ComponentResource {
  readonly repository: aws.ecr.Repository;

  constructor(name: string, args: ContainerRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:ContainerRegistry", name, {}, opts);

    this.repository = new aws.ecr.Repository(
      name,
      {
        name: physicalName("ecrRepository", args.serviceName, args.environmentSuffix),
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

  /**
   * The configured image as the repository holds it at deploy time. aws.ecr.getImages (ECR ListImages)
   * answers an empty list for an empty repository, where aws.ecr.getImage fails ("Your query returned
   * no results"): hashicorp/terraform-provider-aws internal/service/ecr/images_data_source.go and
   * image_data_source.go. The invoke takes the repository's name as an Output, so on the first `up` it
   * waits for the repository to exist, and in a preview before that its result is unknown
   * (@pulumi/pulumi runtime/invoke.js, invokeAsync: "The engine declines to service an invoke whose
   * dependencies are pending creation"). `parent: this` gives it this component's explicit provider.
   */
  resolveImage(imageTag: string, minTasks: number): pulumi.Output<ResolvedImage> {
    const images = aws.ecr.getImagesOutput({ repositoryName: this.repository.name }, { parent: this });
    return pulumi.all([images.imageIds, this.repository.repositoryUrl]).apply(([ids, url]) => resolveImage(ids, url, imageTag, minTasks));
  }
}
