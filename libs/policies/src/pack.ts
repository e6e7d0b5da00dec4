// The CrossGuard entry point: `pulumi preview --policy-pack libs/policies` requires this file
// (package.json "main"). It only starts the policy server; everything it serves is importable
// from "./index" without the engine.
import { PolicyPack } from "@pulumi/policy";
import { FIN_PLATFORM_POLICIES, POLICY_PACK_NAME } from "./policies";

new PolicyPack(POLICY_PACK_NAME, { policies: FIN_PLATFORM_POLICIES });
