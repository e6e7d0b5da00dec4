import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";
import type { Plan, PlanStep } from "../../src";

const STACK = "urn:pulumi:dev::fin-security::pulumi:pulumi:Stack::fin-security-dev";
export const urn = (type: string, name: string, parents = "pulumi:pulumi:Stack") => `urn:pulumi:dev::fin-security::${parents}$${type}::${name}`;

/** A small security-like plan: the stack, a provider, a component with a key and a role whose policies are JSON strings. */
export function securityPlan(): Plan {
  const component = urn("fin:security:PlatformKeys", "keys");
  const step = (op: string, type: string, name: string, inputs: Record<string, unknown>, parent = STACK, custom = true): PlanStep => {
    const u = parent === STACK ? urn(type, name) : urn(type, name, "pulumi:pulumi:Stack$fin:security:PlatformKeys");
    return { op, urn: u, newState: { urn: u, type, custom, ...(custom ? { id: `${name}-id` } : {}), parent, inputs } };
  };
  return {
    steps: [
      { op: "create", urn: STACK, newState: { urn: STACK, type: "pulumi:pulumi:Stack", custom: false, inputs: {} } },
      step("create", "pulumi:providers:aws", "aws", { region: "us-east-2" }),
      step("create", "fin:security:PlatformKeys", "keys", {}, STACK, false),
      step("create", "aws:kms/key:Key", "data", { description: "data key", policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}' }, component),
      step("create", "aws:kms/alias:Alias", "data", { name: "alias/data-dev" }, component),
      step("create", "aws:iam/role:Role", "task", { name: "task-dev", assumeRolePolicy: '{"Version":"2012-10-17"}', description: "not {json" }),
      step("read", "pulumi:pulumi:StackReference", "organization/fin-network/dev", { name: "organization/fin-network/dev" }, STACK, false),
      step("create", "aws:ec2/vpc:Vpc", "main", { tags: { Name: "main-dev" } }),
    ],
    changeSummary: { create: 7, read: 1 },
  };
}

/** A workspace whose dist/<stack>/<layer>/ holds the given layers' files (the same plan for each unless given). */
export function workspaceWith(stack: string, layers: readonly string[], plan: Plan = securityPlan()): string {
  const root = scratchDir("plan-ws-");
  for (const layer of layers) {
    const dir = path.join(root, "dist", stack, layer);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "preview.json"), JSON.stringify(plan));
    fs.writeFileSync(path.join(dir, "synth.json"), JSON.stringify({ project: `fin-${layer}`, stack }));
    fs.writeFileSync(path.join(dir, "mock-outputs.json"), JSON.stringify({ layer }));
  }
  return root;
}
