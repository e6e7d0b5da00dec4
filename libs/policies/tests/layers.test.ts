import * as fs from "node:fs";
import * as path from "node:path";
import { siblingStackOutputs } from "../src/cli";
import { Plan, evaluatePlan } from "../src/evaluate";

/**
 * Each layer's own synthesized plan passes the whole pack. The test target depends on every
 * layer's synth, which writes dist/stacks/<layer>/preview.json. Layers still under construction
 * have no plan yet: they are reported, and the finished security layer is required.
 */
const LAYERS = ["security", "network", "data", "compute"] as const;
const dist = path.join(__dirname, "../../../dist/stacks");
const planFile = (layer: string) => path.join(dist, layer, "preview.json");
const present = LAYERS.filter((layer) => fs.existsSync(planFile(layer)));
const missing = LAYERS.filter((layer) => !present.includes(layer));

describe("the layers' synthesized plans", () => {
  it("include the security layer's (the others are reported while they are built)", () => {
    if (missing.length > 0) {
      console.warn(`policy pack: no synthesized plan yet for ${missing.join(", ")} (run their synth)`);
    }
    expect(present).toContain("security");
  });

  it.each(present.map((layer) => [layer]))("%s passes every mandatory policy", async (layer) => {
    const plan = JSON.parse(fs.readFileSync(planFile(layer), "utf8")) as Plan;
    const { resources, violations } = await evaluatePlan(plan, { stackOutputs: siblingStackOutputs(planFile(layer)) });
    expect(resources).toBeGreaterThan(0);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });
});
