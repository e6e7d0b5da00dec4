import * as path from "node:path";
import { countsLine, decodeJson, jsonDocuments, layerPlan, physicalName, planCli, renderTree, typeLines } from "../src";
import { securityPlan, workspaceWith } from "./support/env";

const LAYERS = ["security", "network", "data", "compute"];
const layer = () => layerPlan("security", securityPlan(), { project: "fin-security", stack: "dev" }, {});

describe("the summary lines", () => {
  it("give the total and the split by operation, then each type, most numerous first", () => {
    const counts = { total: 12, byOperation: { create: 11, read: 1 }, byType: { "aws:kms/key:Key": 10, "aws:kms/alias:Alias": 1, "pulumi:pulumi:Stack": 1 } };
    expect(countsLine(counts)).toBe("12 resources (11 create, 1 read)");
    expect(typeLines(counts)).toEqual(["  10 aws:kms/key:Key", "   1 aws:kms/alias:Alias", "   1 pulumi:pulumi:Stack"]);
    expect(countsLine({ total: 0, byOperation: {}, byType: {} })).toBe("0 resources (none)");
    expect(typeLines({ total: 0, byOperation: {}, byType: {} })).toEqual([]);
  });
});

describe("physicalName and the JSON documents", () => {
  it("take the first naming input, then the Name tag", () => {
    expect(physicalName({ bucket: "logs-dev", tags: { Name: "x" } })).toBe("logs-dev");
    expect(physicalName({ name: "", tags: { Name: "main-dev" } })).toBe("main-dev");
    expect(physicalName({ tags: { Name: 3 } })).toBeUndefined();
    expect(physicalName({})).toBeUndefined();
  });

  it("decode only strings holding a JSON object or array", () => {
    expect(decodeJson('[{"name":"app"}]')).toEqual([{ name: "app" }]);
    expect(decodeJson("{broken")).toBeUndefined();
    expect(decodeJson("plain")).toBeUndefined();
    expect(decodeJson({ a: 1 })).toBeUndefined();
    expect(jsonDocuments({ policy: '{"a":1}', containerDefinitions: "x", assumeRolePolicy: '{"b":2}' })).toEqual([
      ["policy", { a: 1 }],
      ["assumeRolePolicy", { b: 2 }],
    ]);
  });
});

describe("renderTree", () => {
  it("draws each resource under its parent with operation, type, name, physical name and decoded documents", () => {
    expect(renderTree(layer())).toEqual([
      "security (fin-security/dev): 8 resources (7 create, 1 read)",
      "+  pulumi:pulumi:Stack fin-security-dev",
      "+  ├─ pulumi:providers:aws aws",
      "+  ├─ fin:security:PlatformKeys keys",
      "+  │  ├─ aws:kms/key:Key data",
      "   │  │     policy:",
      "   │  │       {",
      '   │  │         "Version": "2012-10-17",',
      '   │  │         "Statement": [',
      "   │  │           {",
      '   │  │             "Effect": "Allow"',
      "   │  │           }",
      "   │  │         ]",
      "   │  │       }",
      "+  │  └─ aws:kms/alias:Alias data  [alias/data-dev]",
      "+  ├─ aws:iam/role:Role task  [task-dev]",
      "   │     assumeRolePolicy:",
      "   │       {",
      '   │         "Version": "2012-10-17"',
      "   │       }",
      ">  ├─ pulumi:pulumi:StackReference organization/fin-network/dev",
      "+  └─ aws:ec2/vpc:Vpc main  [main-dev]",
    ]);
  });

  it("shows an unknown operation as itself and a step without a new state by its operation", () => {
    const plan = { steps: [{ op: "discard", urn: "urn:pulumi:dev::p::aws:kms/key:Key::k" }] };
    expect(renderTree(layerPlan("security", plan, { project: "p", stack: "dev" }, {}))).toEqual([
      "security (p/dev): 0 resources (none)",
      "discard discard k",
    ]);
  });

  it("draws a document of a resource that has children with the branch continuing", () => {
    const stack = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
    const role = "urn:pulumi:dev::p::pulumi:pulumi:Stack$aws:iam/role:Role::r";
    const plan = {
      steps: [
        { op: "create", urn: stack, newState: { type: "pulumi:pulumi:Stack" } },
        { op: "create", urn: role, newState: { type: "aws:iam/role:Role", parent: stack, inputs: { assumeRolePolicy: "{}" } } },
        { op: "create", urn: `${role}-child`, newState: { type: "aws:iam/rolePolicy:RolePolicy", parent: role } },
      ],
    };
    expect(renderTree(layerPlan("security", plan, { project: "p", stack: "dev" }, {}))).toEqual([
      "security (p/dev): 3 resources (3 create)",
      "+  pulumi:pulumi:Stack p-dev",
      "+  └─ aws:iam/role:Role r",
      "      │  assumeRolePolicy:",
      "      │    {}",
      "+     └─ aws:iam/rolePolicy:RolePolicy r-child",
    ]);
  });
});

describe("planCli", () => {
  const run = (argv: string[], root: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = planCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, root);
    return { code, out, err };
  };

  it("prints every layer of the environment, in deployment order, separated by a blank line", () => {
    const root = workspaceWith("prod", LAYERS);
    const { code, out, err } = run(["--stack=prod"], root);
    expect([code, err]).toEqual([0, []]);
    expect(out.filter((l) => /^\w+ \(fin-/.test(l))).toEqual([
      "security (fin-security/prod): 8 resources (7 create, 1 read)",
      "network (fin-network/prod): 8 resources (7 create, 1 read)",
      "data (fin-data/prod): 8 resources (7 create, 1 read)",
      "compute (fin-compute/prod): 8 resources (7 create, 1 read)",
    ]);
    expect(out.filter((l) => l === "")).toHaveLength(3);
  });

  it("prints one layer with --layer and reads another dist with --dist", () => {
    const root = workspaceWith("dev", ["data"]);
    const { code, out } = run(["--layer=data", `--dist=${path.join(root, "dist")}`], "/");
    expect([code, out[0]]).toEqual([0, "data (fin-data/dev): 8 resources (7 create, 1 read)"]);
  });

  it("names the missing file when an environment was not synthesized", () => {
    const root = workspaceWith("dev", ["security"]);
    expect(run(["--stack=dev"], root)).toEqual({ code: 1, out: [], err: ["plan dev: dist/dev/network/preview.json does not exist: run `npm run synth -- -c dev` first"] });
  });

  it("explains its usage and its layers", () => {
    expect(run(["-c", "dev"], "/").err).toEqual(["usage: plan [--stack=<env>] [--layer=<layer>] [--dist=<dir>]   (npm run plan -- -c <env>; stack defaults to dev, dist to dist)"]);
    expect(run(["--layer=app"], "/")).toEqual({ code: 2, out: [], err: ["plan: --layer=app is not a layer (expected one of security, network, data, compute)"] });
  });

  it("lets an unexpected error through", () => {
    const root = workspaceWith("dev", ["security"]);
    expect(() => planCli(["--layer=security"], { out: () => { throw new Error("stdout closed"); }, err: () => undefined }, root)).toThrow("stdout closed");
  });
});
