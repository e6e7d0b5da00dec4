import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../src/flags";
import { declaresKey, dependenciesOf, dependentsOf, readLayers, readStackSettings, stackConfigValue } from "../src/workspace";
import { copyStacks, tempWorkspace, writeLayer } from "./support/workspace";

let root: string;
beforeEach(() => {
  root = tempWorkspace();
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("the committed layers", () => {
  beforeEach(() => copyStacks(root));

  it("are read in dependency order with their Pulumi projects", () => {
    const { self, layers } = readLayers(root, "stacks/data");
    expect(layers.map((l) => [l.name, l.root, l.project, l.implicitDependencies.join(",")])).toEqual([
      ["security", "stacks/security", "fin-security", ""],
      ["network", "stacks/network", "fin-network", "security"],
      ["data", "stacks/data", "fin-data", "security,network"],
      ["compute", "stacks/compute", "fin-compute", "security,network,data"],
    ]);
    expect([self.name, self.dir, self.stackConfigDir, self.protectedDefault, self.suffixDefault]).toEqual([
      "data",
      path.join(root, "stacks", "data"),
      path.join(root, "stacks", "data"),
      false,
      "",
    ]);
    expect(readLayers(root, "stacks/data/").self.name).toBe("data");
  });

  it("know their dependents and dependencies", () => {
    const { layers } = readLayers(root, "stacks/security");
    const named = (name: string) => layers.find((l) => l.name === name)!;
    expect(dependentsOf(named("security"), layers).map((l) => l.name)).toEqual(["network", "data", "compute"]);
    expect(dependentsOf(named("data"), layers).map((l) => l.name)).toEqual(["compute"]);
    expect(dependentsOf(named("compute"), layers)).toEqual([]);
    expect(dependenciesOf(named("compute"), layers).map((l) => l.name)).toEqual(["security", "network", "data"]);
    expect(dependenciesOf(named("security"), layers)).toEqual([]);
  });

  it("protect prod by name and by its stack file, and name each environment's suffix", () => {
    const { self } = readLayers(root, "stacks/data");
    expect(readStackSettings(root, self, "prod")).toEqual({
      file: "stacks/data/Pulumi.prod.yaml",
      protection: { protected: true, reason: "stack prod is always protected" },
      environmentSuffix: "prod",
    });
    expect(readStackSettings(root, self, "dev")).toEqual({
      file: "stacks/data/Pulumi.dev.yaml",
      protection: { protected: false, reason: "its config leaves protected false" },
      environmentSuffix: "dev",
    });
  });

  it("read a stack without a file as the CLI does: an empty config over the Pulumi.yaml defaults", () => {
    const { self } = readLayers(root, "stacks/network");
    expect(readStackSettings(root, self, "pr-123")).toEqual({
      file: "stacks/network/Pulumi.pr-123.yaml",
      protection: { protected: false, reason: "its config leaves protected false" },
      environmentSuffix: undefined,
    });
  });
});

describe("hand-written layers", () => {
  it("honour stackConfigDir, bare keys, quoted booleans and a protected default", () => {
    writeLayer(root, "app", undefined, {
      "Pulumi.yaml": "name: fin-app\nstackConfigDir: config\nconfig:\n  protected:\n    type: boolean\n    default: 'true'\n",
      "config/Pulumi.qa.yaml": "config:\n  protected: 'false'\n  environmentSuffix: qa\n",
      "config/Pulumi.uat.yaml": "config:\n",
      "config/Pulumi.sit.yaml": "",
    });
    const { self } = readLayers(root, "stacks/app");
    expect([self.stackConfigDir, self.protectedDefault, self.implicitDependencies]).toEqual([path.join(root, "stacks", "app", "config"), true, []]);
    expect(readStackSettings(root, self, "qa")).toEqual({
      file: "stacks/app/config/Pulumi.qa.yaml",
      protection: { protected: false, reason: "its config leaves protected false" },
      environmentSuffix: "qa",
    });
    expect(readStackSettings(root, self, "uat").protection).toEqual({ protected: true, reason: "its config sets protected: true" });
    expect(readStackSettings(root, self, "sit").environmentSuffix).toBeUndefined();
  });

  it("prefer the namespaced key to the bare one", () => {
    writeLayer(root, "app", [], {
      "Pulumi.yaml": "name: fin-app\n",
      "Pulumi.qa.yaml": "config:\n  fin-app:environmentSuffix: qa\n  environmentSuffix: other\n  fin-app:protected: true\n",
    });
    const { self } = readLayers(root, "stacks/app");
    expect(readStackSettings(root, self, "qa")).toMatchObject({ environmentSuffix: "qa", protection: { protected: true } });
  });

  it("refuse settings that are not what they must be", () => {
    writeLayer(root, "app", [], {
      "Pulumi.yaml": "name: fin-app\n",
      "Pulumi.a.yaml": "config:\n  fin-app:protected: yes please\n",
      "Pulumi.b.yaml": "config:\n  fin-app:environmentSuffix: 12\n",
    });
    const { self } = readLayers(root, "stacks/app");
    expect(() => readStackSettings(root, self, "a")).toThrow(new UsageError('stacks/app/Pulumi.a.yaml: fin-app:protected must be true or false, got "yes please"'));
    expect(() => readStackSettings(root, self, "b")).toThrow(new UsageError("stacks/app/Pulumi.b.yaml: fin-app:environmentSuffix must be text, got 12"));
    // Every layer is read, so a broken neighbour stops the run too.
    writeLayer(root, "bad", [], { "Pulumi.yaml": "name: fin-bad\nconfig:\n  protected:\n    default: maybe\n" });
    expect(() => readLayers(root, "stacks/app")).toThrow(new UsageError('stacks/bad/Pulumi.yaml: config.protected.default must be true or false, got "maybe"'));
  });

  it("refuse a directory that is not a stack project, and a dependency cycle", () => {
    writeLayer(root, "a", ["b"], { "Pulumi.yaml": "name: fin-a\n" });
    writeLayer(root, "b", ["a"], { "Pulumi.yaml": "name: fin-b\n" });
    fs.mkdirSync(path.join(root, "stacks", "notes"));
    expect(() => readLayers(root, "stacks/notes")).toThrow(new UsageError("stacks/notes is not a stack project: it needs a project.json and a Pulumi.yaml"));
    expect(() => readLayers(root, "stacks/a")).toThrow(new UsageError("the layers depend on each other in a cycle: a -> b -> a"));
  });

  it("read one key of a stack file, where an empty config section or no file sets nothing", () => {
    writeLayer(root, "app", [], {
      "Pulumi.yaml": "name: fin-app\n",
      "Pulumi.qa.yaml": "config:\n",
      "Pulumi.uat.yaml": "config:\n  fin-app:sharedNetworkStack: team-net\n",
    });
    const { self } = readLayers(root, "stacks/app");
    expect(["qa", "uat", "sit"].map((stack) => stackConfigValue(self, stack, "sharedNetworkStack"))).toEqual([undefined, "team-net", undefined]);
    // A Pulumi.yaml without a config section declares no key.
    expect(declaresKey(self, "sharedNetworkStack")).toBe(false);
  });

  it("read a Pulumi.yaml without config as all defaults, and refuse one without a name", () => {
    writeLayer(root, "app", [], { "Pulumi.yaml": "name: fin-app\n" });
    expect(readLayers(root, "stacks/app").self).toMatchObject({ project: "fin-app", protectedDefault: false, suffixDefault: undefined });
    writeLayer(root, "app", [], { "Pulumi.yaml": "" });
    expect(() => readLayers(root, "stacks/app")).toThrow(new UsageError("stacks/app/Pulumi.yaml names no project (name: <project>)"));
  });
});
