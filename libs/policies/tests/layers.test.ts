import * as fs from "node:fs";
import * as path from "node:path";
import { readPlanFile } from "@fin/plan";
import { siblingStackOutputs } from "../src/cli";
import { evaluatePlan } from "../src/evaluate";

/**
 * Each layer's own synthesized plan passes the whole pack. The test target depends on every
 * layer's synth, which writes dist/dev/<layer>/preview.json (its default configuration is dev); all four must be there.
 */
const LAYERS = ["security", "network", "data", "compute"] as const;
const dist = path.join(__dirname, "../../../dist/dev");
const planFile = (layer: string) => path.join(dist, layer, "preview.json");

describe("the layers' synthesized plans", () => {
  it("exist for all four layers", () => {
    expect(LAYERS.filter((layer) => !fs.existsSync(planFile(layer)))).toEqual([]);
  });

  it.each(LAYERS.map((layer) => [layer]))("%s passes every mandatory policy", async (layer) => {
    const plan = readPlanFile(planFile(layer), process.cwd());
    const { resources, violations } = await evaluatePlan(plan, { stackOutputs: siblingStackOutputs(planFile(layer)) });
    expect(resources).toBeGreaterThan(0);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });
});

describe("the synthesized compute plan under the issue-16 rules", () => {
  const read = () => readPlanFile(planFile("compute"), process.cwd());
  const only = async (plan: ReturnType<typeof read>, policy: string) =>
    (await evaluatePlan(plan, { stackOutputs: siblingStackOutputs(planFile("compute")) })).violations.filter((v) => v.policy === policy).map((v) => v.message);

  it("judges every catalog task role: a grant taken out of ingest's tag leaves its statements unexplained", async () => {
    const plan = read();
    const role = plan.steps.find((s) => s.newState?.type === "aws:iam/role:Role" && s.urn.endsWith("::ingest-task"));
    const tags = role?.newState?.inputs?.["tags"] as Record<string, string>;
    expect(tags).toEqual({ service: "ingest", grants: "metrics:write raw:write stream:write", calls: "" });
    tags.grants = "metrics:write stream:write";
    expect(await only(plan, "task-role-statements-match-grants")).toEqual([
      "Task role 'ingest-task-role-dev' (service 'ingest') holds statements RawObjectsWrite, RawObjectsEncrypt, which none of its grants [metrics:write, stream:write] contributes.",
    ]);
  });

  it("finds both public services behind the listener, and reports ingest once its listener rule is gone", async () => {
    const plan = read();
    expect(await only(plan, "public-service-behind-listener")).toEqual([]);
    const withoutRule = { ...plan, steps: plan.steps.filter((s) => s.newState?.type !== "aws:lb/listenerRule:ListenerRule") };
    expect(await only(withoutRule, "public-service-behind-listener")).toEqual([
      "ECS service 'ingest-service-dev' registers in target group 'ingest-tg-dev', which no listener default action or listener rule forwards to.",
    ]);
  });
});
