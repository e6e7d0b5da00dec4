import type * as Pulumi from "@pulumi/pulumi";

// @pulumi/pulumi, loaded when a function of this library first needs it rather than when the library is
// imported. The plan's readers (report, verify, policies, plan) import @fin/config for its constants and
// rules only, and each of their test files paid about 1.4 s of CPU for Pulumi modules it never ran
// (ADR 0018, "Imports that stay pure"). A program gets the same module instance either way: Node caches it.
// Not exported by the index: it is this library's own plumbing.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const pulumiRuntime = (): typeof Pulumi => require("@pulumi/pulumi");
