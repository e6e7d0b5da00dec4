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
