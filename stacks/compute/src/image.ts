// Which image the service runs, decided at deploy time from what the layer's ECR repository holds
// (ADR 0013). The repository is created by this same layer, so on a first `up` it is empty: the
// service is then declared with 0 tasks, and the stack says what it waits for, instead of starting
// tasks that cannot pull and tripping the circuit breaker.

import { WAITING_FOR_IMAGE } from "@fin/contracts";

export { WAITING_FOR_IMAGE };

/** One entry of aws.ecr.getImages' `imageIds` (ECR ListImages): an untagged image has no tag. */
export interface ImageId {
  readonly imageDigest?: string | null;
  readonly imageTag?: string | null;
}

export interface ResolvedImage {
  /** The configured tag (or digest) is in the repository. */
  readonly present: boolean;
  /**
   * What the task definition pulls. Present: `<repositoryUrl>@sha256:...`, the digest the tag has now,
   * so a new image under a new tag is always a new task definition revision and so a new deployment.
   * Waiting: the configured `<repositoryUrl>:<tag>` (no task starts, nothing pulls it).
   */
  readonly reference: string;
  /** For people, `nx run compute:outputs` and the integration report. */
  readonly status: string;
}

/** The configured reference as an operator types it: `<url>:<tag>`, or `<url>@sha256:...` for a digest. */
export function configuredReference(repositoryUrl: string, imageTag: string): string {
  return `${repositoryUrl}${imageTag.startsWith("sha256:") ? "@" : ":"}${imageTag}`;
}

/**
 * Resolves `imageTag` (a tag, or `sha256:<digest>`; config.ts validated it) against the repository's
 * image ids. Only an id that carries a digest counts.
 */
export function resolveImage(imageIds: readonly ImageId[], repositoryUrl: string, imageTag: string, minTasks: number): ResolvedImage {
  const byDigest = imageTag.startsWith("sha256:");
  const match = imageIds.find((id) => Boolean(id.imageDigest) && (byDigest ? id.imageDigest === imageTag : id.imageTag === imageTag));
  const configured = configuredReference(repositoryUrl, imageTag);
  if (match === undefined) {
    return {
      present: false,
      reference: configured,
      status: `${WAITING_FOR_IMAGE} ${configured}, 0 tasks: push it, then release it (docs/deploy.md, "First deployment")`,
    };
  }
  const reference = `${repositoryUrl}@${match.imageDigest}`;
  return { present: true, reference, status: `running ${configured} as ${reference}, at least ${minTasks} tasks` };
}
