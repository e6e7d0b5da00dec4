import * as fs from "node:fs";
import * as path from "node:path";
import { PlanError, loadEnvironment } from "../src/plans";
import { fixture, writeDist } from "./fixtures";

describe("loading the plans of one environment", () => {
  it("reads every layer's plan, its StackReferences, provider region and outputs", () => {
    const root = writeDist(fixture());
    const env = loadEnvironment(path.join(root, "dist", "stacks"));
    expect(env.stack).toBe("dev");
    expect(env.layers.map((l) => [l.layer, l.project, l.resources.length, l.stackReferences.length, l.regions])).toEqual([
      ["security", "fin-security", 4, 0, ["us-east-2"]],
      ["network", "fin-network", 14, 1, ["us-east-2"]],
      ["data", "fin-data", 10, 2, ["us-east-2"]],
      ["compute", "fin-compute", 14, 3, ["us-east-2"]],
    ]);
    // Components, providers and the stack are not resources; the logical name is the URN's last segment.
    expect(env.layers[0].resources[0]).toEqual({
      layer: "security",
      urn: "urn:pulumi:dev::fin-security::aws:kms/key:Key::platform-database",
      name: "platform-database",
      type: "aws:kms/key:Key",
      id: "1111aaaa-0000-0000-0000-000000000001",
      inputs: { enableKeyRotation: true },
    });
    expect(env.layers[2].outputs["rawBucketName"]).toBe("fin-raw-dev");
  });

  it("a resource without an id gets an empty one", () => {
    const root = writeDist(fixture());
    const file = path.join(root, "dist", "stacks", "security", "preview.json");
    const plan = JSON.parse(fs.readFileSync(file, "utf8"));
    delete plan.steps[3].newState.id;
    fs.writeFileSync(file, JSON.stringify(plan));
    expect(loadEnvironment(path.join(root, "dist", "stacks")).layers[0].resources[0].id).toBe("");
  });

  it("a missing plan tells the user to run npm run synth", () => {
    const root = writeDist(fixture());
    fs.rmSync(path.join(root, "dist", "stacks", "data", "preview.json"));
    const dist = path.join(root, "dist", "stacks");
    expect(() => loadEnvironment(dist)).toThrow(new PlanError(`${dist}/data/preview.json not found: the data plan is missing; run \`npm run synth\` (or \`npx nx run-many -t synth -c <env> --parallel=1\`) first`));
  });

  it("an unreadable plan says so and what to run", () => {
    const root = writeDist(fixture());
    fs.writeFileSync(path.join(root, "dist", "stacks", "compute", "outputs.json"), "{oops");
    expect(() => loadEnvironment(path.join(root, "dist", "stacks"))).toThrow(/compute\/outputs\.json is not valid JSON \(.*\); run `npm run synth`/);
  });

  it("plans of different stacks are refused", () => {
    const root = writeDist(fixture(), { security: "prod" });
    const dist = path.join(root, "dist", "stacks");
    expect(() => loadEnvironment(dist)).toThrow(
      `the plans under ${dist} belong to different stacks (security=prod, network=dev, data=dev, compute=dev): synth every layer for one environment; run \`npm run synth\``,
    );
  });
});
