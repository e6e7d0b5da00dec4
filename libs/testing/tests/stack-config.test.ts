import * as path from "node:path";
import { readPulumiProject, resolveStackConfig } from "../src";

const SAMPLE = path.join(__dirname, "fixtures", "sample");

describe("readPulumiProject", () => {
  it("reads name, main and declared config", () => {
    const project = readPulumiProject(SAMPLE);
    expect(project.name).toBe("fin-sample");
    expect(project.main).toBe("program.ts");
    expect(Object.keys(project.config)).toEqual(["stackOrganization", "greeting", "count", "aws:region"]);
  });

  it("defaults main to the project directory, as Pulumi does", () => {
    expect(readPulumiProject(path.join(__dirname, "fixtures", "no-main")).main).toBe(".");
  });
});

describe("resolveStackConfig", () => {
  it("applies Pulumi.yaml defaults, then the stack file, then overrides, as fully qualified strings", () => {
    expect(resolveStackConfig(SAMPLE, "dev", { "fin-sample:greeting": "hi" })).toEqual({
      "fin-sample:greeting": "hi",
      "fin-sample:count": "3",
      "aws:region": "us-east-2",
      "fin-sample:tags": '["a","b"]',
    });
  });

  it("accepts an empty stack file", () => {
    expect(resolveStackConfig(SAMPLE, "empty")).toEqual({ "fin-sample:greeting": "hello", "fin-sample:count": "2", "aws:region": "us-east-2" });
  });

  it("refuses a stack without a stack file", () => {
    expect(() => resolveStackConfig(SAMPLE, "qa")).toThrow("Stack 'qa' has no ");
    expect(() => resolveStackConfig(SAMPLE, "qa")).toThrow("Pulumi.qa.yaml: create it (pulumi stack init qa) or pick dev, staging or prod");
  });

  it("refuses encrypted secrets it cannot decrypt offline", () => {
    expect(() => resolveStackConfig(SAMPLE, "secret")).toThrow("fin-sample:password is an encrypted secret; offline synth cannot decrypt it");
  });
});
