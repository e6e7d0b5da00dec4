import * as fs from "node:fs";
import * as path from "node:path";
import { PlanFileError, planProblem, readEnvironment, readLayer, readPlanFile, readSynthMeta, synthHint, validatePlan } from "../src";
import { securityPlan, workspaceWith } from "./support/env";

const LAYERS = ["security", "network", "data", "compute"];

describe("planProblem", () => {
  it.each([
    [null, "the document is null, expected an object with steps"],
    [{}, "steps is undefined, expected an array"],
    [{ steps: [1] }, "steps[0] is number, expected an object"],
    [{ steps: [{ urn: "u" }] }, "steps[0].op is undefined, expected a string"],
    [{ steps: [{ op: "create", urn: ["u"] }] }, "steps[0].urn is array, expected a string"],
    [{ steps: [{ op: "create", urn: "u", newState: "x" }] }, "steps[0].newState is string, expected an object"],
    [{ steps: [{ op: "create", urn: "u", newState: {} }] }, "steps[0].newState.type is undefined, expected a string"],
    [{ steps: [{ op: "create", urn: "u", newState: { type: "t", inputs: [] } }] }, "steps[0].newState.inputs is array, expected an object"],
  ])("names the first problem of %j", (value, problem) => {
    expect(planProblem(value)).toBe(problem);
  });

  it("accepts a plan, and a delete without a new state", () => {
    expect(planProblem(securityPlan())).toBeUndefined();
    expect(planProblem({ steps: [{ op: "delete", urn: "u" }] })).toBeUndefined();
  });

  it("gives one error naming the file", () => {
    expect(() => validatePlan({ steps: {} }, "dist/dev/data/preview.json")).toThrow(
      new PlanFileError("dist/dev/data/preview.json", "is not a plan in the pulumi preview --json shape: steps is object, expected an array"),
    );
  });
});

describe("reading the files of one environment", () => {
  it("reads every layer in deployment order with its project, stack, resources, references and regions", () => {
    const root = workspaceWith("prod", LAYERS);
    const env = readEnvironment(path.join(root, "dist"), "prod", root);
    expect(env.stack).toBe("prod");
    expect(env.layers.map((l) => [l.layer, l.project, l.stack, l.resources.length, l.outputs])).toEqual([
      ["security", "fin-security", "prod", 4, { layer: "security" }],
      ["network", "fin-network", "prod", 4, { layer: "network" }],
      ["data", "fin-data", "prod", 4, { layer: "data" }],
      ["compute", "fin-compute", "prod", 4, { layer: "compute" }],
    ]);
    expect(env.layers[0].stackReferences).toEqual(["organization/fin-network/dev"]);
    expect(env.layers[0].regions).toEqual(["us-east-2"]);
  });

  it("names a missing plan file and the command that writes it", () => {
    const root = workspaceWith("dev", ["security"]);
    expect(() => readLayer(path.join(root, "dist"), "dev", "network", root)).toThrow(
      new PlanFileError("dist/dev/network/preview.json", `does not exist: ${synthHint("dev")}`),
    );
    expect(synthHint("dev")).toBe("run `npm run synth -- -c dev` first");
  });

  it("names a file that is not JSON", () => {
    const root = workspaceWith("dev", ["security"]);
    fs.writeFileSync(path.join(root, "dist/dev/security/mock-outputs.json"), "{oops");
    expect(() => readLayer(path.join(root, "dist"), "dev", "security", root)).toThrow(/^dist\/dev\/security\/mock-outputs\.json is not valid JSON \(.+\): run `npm run synth -- -c dev` first$/);
  });

  it("names mock outputs that are not an object, and a synth record without its stack", () => {
    const root = workspaceWith("dev", ["security"]);
    fs.writeFileSync(path.join(root, "dist/dev/security/mock-outputs.json"), "[]");
    expect(() => readLayer(path.join(root, "dist"), "dev", "security", root)).toThrow("dist/dev/security/mock-outputs.json is array, expected the mock stack outputs");
    fs.writeFileSync(path.join(root, "dist/dev/security/synth.json"), JSON.stringify({ project: 3 }));
    expect(() => readLayer(path.join(root, "dist"), "dev", "security", root)).toThrow("dist/dev/security/synth.json has no project (got 3): run `npm run synth -- -c dev` first");
    fs.writeFileSync(path.join(root, "dist/dev/security/synth.json"), JSON.stringify({ project: "fin-security" }));
    expect(() => readLayer(path.join(root, "dist"), "dev", "security", root)).toThrow(
      "dist/dev/security/synth.json has no stack (got nothing): run `npm run synth -- -c dev` first",
    );
  });

  it("refuses a layer synthesized for another stack than its directory", () => {
    const root = workspaceWith("dev", ["security"]);
    fs.writeFileSync(path.join(root, "dist/dev/security/synth.json"), JSON.stringify({ project: "fin-security", stack: "prod" }));
    expect(() => readLayer(path.join(root, "dist"), "dev", "security", root)).toThrow(
      "dist/dev/security/synth.json says stack prod, but it lies in the dev environment's directory: run `npm run synth -- -c dev` first",
    );
  });

  it("reads a synth record's counts and offline keys, defaulting them for an older record", () => {
    const root = workspaceWith("dev", ["security"]);
    const file = path.join(root, "dist/dev/security/synth.json");
    expect(readSynthMeta(file, root)).toEqual({ project: "fin-security", stack: "dev", counts: { total: 0, byOperation: {}, byType: {} }, offlineConfig: [] });
    const counts = { total: 1, byOperation: { create: 1 }, byType: { "aws:kms/key:Key": 1 } };
    fs.writeFileSync(file, JSON.stringify({ project: "p", stack: "dev", counts, offlineConfig: ["p:k"] }));
    expect(readSynthMeta(file, root)).toEqual({ project: "p", stack: "dev", counts, offlineConfig: ["p:k"] });
  });

  it("shows a file outside the root by its path as given", () => {
    const root = workspaceWith("dev", ["security"]);
    const file = path.join(root, "dist/dev/security/preview.json");
    expect(readPlanFile(file, file).steps).toHaveLength(8);
    expect(() => readPlanFile(path.join(root, "nope.json"), path.join(root, "nope.json"))).toThrow(`${path.join(root, "nope.json")} does not exist: ${synthHint()}`);
  });
});
