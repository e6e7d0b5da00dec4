import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

/** ECR image tags cannot be overwritten, so a deployed tag always means the same image (ECR.2, CKV_AWS_51, AVD-AWS-0031). */
export const RepositoryTagsImmutable: ResourceValidationPolicy = {
  name: "repository-tags-immutable",
  description: "ECR repositories have immutable image tags.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecr.Repository, (repository, _args, report) => {
    if (repository.imageTagMutability !== "IMMUTABLE") {
      report(`imageTagMutability is ${show(repository.imageTagMutability)}; it must be "IMMUTABLE".`);
    }
  }),
};
