/**
 * The environment whose network every ephemeral environment shares (ADR 0019): it has only the
 * security and network layers, and each pull request's pr-<n> network is a guest in its VPC. It lives
 * here, beside the other stack-name rules, so that @fin/config (networkRole) and @fin/contracts (which
 * re-exports it) name the same stack without a dependency between them.
 */
export const SHARED_NETWORK_STACK = "pr-shared";

/**
 * A Pulumi stack name: letters, digits, "_", "." and "-", 1 to 100 characters (pulumi/pulumi
 * pkg/backend/diy/backend.go validateStackName, `stackNameAndProjectRegexp`).
 */
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
