import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * ECR repositories scan images on push (ECR.1, CKV_AWS_163, AVD-AWS-0030). Advisory: a
 * registry-level enhanced scanning configuration supersedes this per-repository flag.
 */
export const RepositoryScansOnPush: ResourceValidationPolicy = {
  name: "repository-scans-on-push",
  description: "ECR repositories scan every image on push.",
  enforcementLevel: "advisory",
  validateResource: validateResourceOfType(aws.ecr.Repository, (repository, _args, report) => {
    if (repository.imageScanningConfiguration?.scanOnPush !== true) {
      report("imageScanningConfiguration.scanOnPush is not true.");
    }
  }),
};
