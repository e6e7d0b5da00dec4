import * as path from "node:path";
import { committedStacks, fixtureProject, loadStackConfig, PulumiLoadError, resolveStackConfig } from "../src";

const SAMPLE = path.join(__dirname, "fixtures", "sample");

const PROJECT = `name: p
runtime: nodejs
config:
  count: { type: integer, default: 2 }
  enabled: { type: boolean, default: false }
  zones: { type: array, items: { type: string }, default: [a] }
  settings: { type: object, default: {} }
  label: { type: string }
  untyped: { default: "x" }
  aws:region: { value: us-east-2 }
`;

/** Loads stack `dev` of a fixture project with the given stack file (and offline file). */
function loadDev(stackYaml: string | undefined, offlineYaml?: string) {
  const files: Record<string, string> = { "Pulumi.yaml": PROJECT };
  if (stackYaml !== undefined) files["Pulumi.dev.yaml"] = stackYaml;
  if (offlineYaml !== undefined) files["offline/Pulumi.dev.yaml"] = offlineYaml;
  const { dir, root } = fixtureProject(files);
  return (offline = false) => loadStackConfig(dir, "dev", { offline, root });
}

const refusal = (problems: string[]) => `p/dev config is not what the Pulumi CLI would load:\n${problems.map((p) => `  - ${p}`).join("\n")}`;

describe("loadStackConfig: what the program reads", () => {
  it("applies Pulumi.yaml defaults and values, then the stack file, then overrides, as fully qualified strings", () => {
    expect(resolveStackConfig(SAMPLE, "dev", { "fin-sample:greeting": "hi" })).toEqual({
      "fin-sample:greeting": "hi",
      "fin-sample:count": "3",
      "fin-sample:tags": '["a","b"]',
      "fin-sample:stackOrganization": "organization",
      "aws:region": "us-east-2",
    });
    expect(loadStackConfig(SAMPLE, "dev").offlineKeys).toEqual([]);
  });

  it("namespaces bare stack keys with the project and reads the old <ns>:config:<name> form, as LoadProjectStack and ParseKey do", () => {
    const config = loadDev("config:\n  label: bare\n  p:untyped:\n  aws:config:region: us-west-2\n  p:zones: [x, y]\n  p:settings: { tier: 1 }\n  p:enabled: true\n  p:count: '5'\n")();
    expect(config).toEqual({
      values: {
        "p:label": "bare",
        "aws:region": "us-west-2",
        "p:zones": '["x","y"]',
        "p:settings": '{"tier":1}',
        "p:enabled": "true",
        "p:count": "5",
        "p:untyped": "",
      },
      offlineKeys: [],
    });
  });

  it("takes offline stand-ins over the stack file only when asked, and says which keys they are", () => {
    const load = loadDev("config:\n  p:label:\n    secure: v1:AAAA\n", "config:\n  p:label: stand-in\n  p:count: 9\n");
    expect(load(true)).toMatchObject({ values: { "p:label": "stand-in", "p:count": "9" }, offlineKeys: ["p:label", "p:count"] });
    expect(load).toThrow(
      refusal(["p:label is an encrypted secret; offline synth cannot decrypt it: give it a stand-in value in proj/offline/Pulumi.dev.yaml"]),
    );
  });
});

describe("loadStackConfig: the CLI's merge rules (mergeConfig) refuse", () => {
  it("a declared project key with no default that the stack does not set, with the CLI's wording", () => {
    expect(loadDev("config: {}\n")).toThrow(refusal(["Stack 'dev' is missing configuration value 'label'"]));
  });

  it("several missing keys in one sentence, sorted", () => {
    expect(() => resolveStackConfig(SAMPLE, "empty")).toThrow(
      "fin-sample/empty config is not what the Pulumi CLI would load:\n  - Stack 'empty' is missing configuration value 'greeting'",
    );
    const { dir, root } = fixtureProject({ "Pulumi.yaml": "name: q\nruntime: nodejs\nconfig:\n  c: { type: string }\n  a: { type: string }\n  b: {}\n" });
    expect(() => loadStackConfig(dir, "dev", { root })).toThrow(
      "  - Stack 'dev' is missing configuration values 'a', 'b' and 'c' (there is no proj/Pulumi.dev.yaml: create it with pulumi stack init dev, or pick dev, staging or prod)",
    );
  });

  it("a stack value that is not of the declared type", () => {
    expect(loadDev("config:\n  p:label: x\n  p:count: many\n  p:enabled: yes\n  p:zones: a\n  p:settings: [1]\n")).toThrow(
      refusal([
        "Stack 'dev' with configuration key 'count' must be of type 'integer'",
        "Stack 'dev' with configuration key 'enabled' must be of type 'boolean'",
        "Stack 'dev' with configuration key 'zones' must be of type 'array<string>'",
        "Stack 'dev' with configuration key 'settings' must be of type 'object'",
      ]),
    );
  });

  it("a secret key given in plain text, or left to a plaintext default", () => {
    const secretProject = "name: p\nruntime: nodejs\nconfig:\n  password: { type: string, secret: true }\n  token: { type: string, secret: true, default: none }\n";
    const { dir, root } = fixtureProject({ "Pulumi.yaml": secretProject, "Pulumi.dev.yaml": "config:\n  p:password: hunter2\n" });
    expect(() => loadStackConfig(dir, "dev", { root })).toThrow(
      refusal(["Stack 'dev' with configuration key 'password' must be encrypted as it's secret", "Stack 'dev' with configuration key 'token' must be encrypted as it's secret"]),
    );
  });

  it("a key ParseKey cannot read, or a config section that is not a map", () => {
    expect(loadDev("config:\n  p:label: x\n  a:b:c: 1\n")).toThrow(
      refusal(["proj/Pulumi.dev.yaml: could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)"]),
    );
    const { dir, root } = fixtureProject({ "Pulumi.yaml": "name: q\nruntime: nodejs\nconfig:\n  x:y:z: { value: 1 }\n" });
    expect(() => loadStackConfig(dir, "dev", { root, overrides: { "a:b:c": 1 } })).toThrow(
      "  - proj/Pulumi.yaml: could not parse x:y:z as a configuration key (configuration keys should be of the form `<namespace>:<name>`)\n" +
        "  - overrides: could not parse a:b:c as a configuration key (configuration keys should be of the form `<namespace>:<name>`)",
    );
    expect(loadDev("config: [1]\n")).toThrow(
      refusal(["proj/Pulumi.dev.yaml: config must be a map of <namespace>:<name> keys to values", "Stack 'dev' is missing configuration value 'label'"]),
    );
  });

  it("the project file itself before the stack file", () => {
    const { dir, root } = fixtureProject({ "Pulumi.yaml": "name: p\nruntime: nodejs\nconfig:\n  n: { type: number }\n", "Pulumi.dev.yaml": "config: {}\n" });
    expect(() => loadStackConfig(dir, "dev", { root })).toThrow(PulumiLoadError);
    expect(() => loadStackConfig(dir, "dev", { root })).toThrow(`could not validate 'proj/Pulumi.yaml': #/config/n/type: value must be one of`);
  });
});

describe("loadStackConfig: one rule beyond the CLI", () => {
  it("refuses a project key the project does not declare, naming the file, the key and the closest declared key", () => {
    expect(loadDev("config:\n  p:label: x\n  p:cuont: 3\n  lable: y\n")).toThrow(
      refusal([
        "proj/Pulumi.dev.yaml: p:cuont is not declared in proj/Pulumi.yaml; did you mean p:count?",
        "proj/Pulumi.dev.yaml: p:lable is not declared in proj/Pulumi.yaml; did you mean p:label?",
      ]),
    );
  });

  it("refuses an undeclared key in the offline file too, and a project without keys suggests nothing", () => {
    expect(() => loadDev("config:\n  p:label: x\n", "config:\n  p:labels: y\n")(true)).toThrow(
      "proj/offline/Pulumi.dev.yaml: p:labels is not declared in proj/Pulumi.yaml; did you mean p:label?",
    );
    const { dir, root } = fixtureProject({ "Pulumi.yaml": "name: q\nruntime: nodejs\n", "Pulumi.dev.yaml": "config:\n  q:anything: 1\n" });
    expect(() => loadStackConfig(dir, "dev", { root })).toThrow("  - proj/Pulumi.dev.yaml: q:anything is not declared in proj/Pulumi.yaml");
  });

  it("refuses a namespace that is a misspelt project name, and leaves providers' namespaces alone", () => {
    expect(loadDev("config:\n  p:label: x\n  pp:count: 3\n  aws:profile: ops\n  pulumi:disable-default-providers: [aws]\n  kubernetes:context: far\n")).toThrow(
      refusal(["proj/Pulumi.dev.yaml: pp:count is in namespace 'pp', which is not a provider we use; did you mean p:count?"]),
    );
  });
});

describe("committedStacks", () => {
  it("loads every Pulumi.<stack>.yaml of a project and names the keys each took from its offline file", () => {
    const { dir } = fixtureProject({
      "Pulumi.yaml": PROJECT,
      "Pulumi.yaml.bak": "not a stack file",
      "Pulumi.prod.yaml": "config:\n  p:label: real\n",
      "Pulumi.dev.yaml": "config:\n  p:label:\n    secure: v1:AAAA\n",
      "offline/Pulumi.dev.yaml": "config:\n  p:label: stand-in\n",
    });
    expect(committedStacks(dir)).toEqual({ dev: ["p:label"], prod: [] });
  });

  it("stops at a stack the CLI would refuse", () => {
    const { dir } = fixtureProject({ "Pulumi.yaml": PROJECT, "Pulumi.dev.yaml": "config: {}\n" });
    expect(() => committedStacks(dir)).toThrow("Stack 'dev' is missing configuration value 'label'");
  });
});
