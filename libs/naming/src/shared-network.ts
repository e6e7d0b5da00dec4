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

/**
 * A pull request's stack, `pr-<n>`: the stacks that take the ephemeral profile by name (@fin/config
 * defaultProfile) and so, by default, are guests of SHARED_NETWORK_STACK. Here so that the
 * orchestration's guards can tell a guest without loading @fin/config (and Pulumi's SDK with it).
 */
export const EPHEMERAL_STACK = /^pr-\d+$/;

/** The network layer's key naming the stack whose network an ephemeral stack joins ("" = SHARED_NETWORK_STACK). */
export const SHARED_NETWORK_STACK_KEY = "sharedNetworkStack";

/** The stack config key naming a stack's environment profile ("" = by stack name, EPHEMERAL_STACK). */
export const PROFILE_KEY = "profile";
