import { DescribeRepositoriesCommand } from "@aws-sdk/client-ecr";
import type { Check } from "../check";
import { ResourceNotFoundError } from "../errors";
import { KeyRef, isKey } from "../kms-key";
import { type ServiceTarget, serviceCheckId } from "../service-target";

/** The repository encrypts images with KMS under the storage key (API_EncryptionConfiguration: AES256 | KMS | KMS_DSSE). */
export function repositoryEncryptionCheck(compute: ServiceTarget, storageKey: KeyRef): Check {
  const name = compute.repositoryArn.split(":repository/")[1];
  return {
    id: serviceCheckId("ecr.encryption", compute),
    title: `${compute.name}: its ECR repository encrypts with KMS under the storage key`,
    resource: name,
    async run(aws) {
      // An unknown name throws RepositoryNotFoundException.
      const { repositories = [] } = await aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
      const [repository] = repositories;
      if (!repository) {
        throw new ResourceNotFoundError(`ECR repository ${name}`);
      }
      const observed = { encryptionType: repository.encryptionConfiguration?.encryptionType ?? null, kmsKey: repository.encryptionConfiguration?.kmsKey ?? null };
      return {
        pass: observed.encryptionType === "KMS" && isKey(repository.encryptionConfiguration?.kmsKey, storageKey),
        expected: { encryptionType: "KMS", kmsKey: storageKey.arn },
        observed,
      };
    },
  };
}
