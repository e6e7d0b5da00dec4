// The plan's readers (report, verify, policies) import @fin/plan, @fin/config and @fin/contracts for their
// constants, rules and plan readers, and many test files use only @fin/testing's project, config and git
// helpers. Importing them must not load Pulumi's runtime or the AWS provider, which cost each such test
// file 1.1-1.4 s of CPU (ADR 0018, "Imports that stay pure"); the functions that need them load them.
// A mocked module's factory runs when something first requires it, so requiring either one fails here.
jest.mock("@pulumi/pulumi", () => {
  throw new Error("@pulumi/pulumi was loaded");
});
jest.mock("@pulumi/aws", () => {
  throw new Error("@pulumi/aws was loaded");
});

describe("importing a workspace library", () => {
  it.each([
    ["@fin/plan", "readEnvironment"],
    ["@fin/config", "LAYERS"],
    ["@fin/contracts", "LAYER_PROJECTS"],
    ["@fin/testing", "loadPulumiProject"],
  ])("%s loads neither @pulumi/pulumi nor @pulumi/aws (it exports %s)", async (lib, name) => {
    await expect(import(lib)).resolves.toHaveProperty(name);
  });

  it("and a mocked module that is required does fail, so the check can fail", async () => {
    await expect(import("@pulumi/pulumi")).rejects.toThrow("@pulumi/pulumi was loaded");
  });
});
