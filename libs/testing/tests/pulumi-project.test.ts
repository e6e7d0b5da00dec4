import { closest, CONFIG_TYPES, fitsConfigType, fixtureProject, fullTypeName, loadPulumiProject } from "../src";

const load = (yaml: string) => {
  const { dir, root } = fixtureProject({ "Pulumi.yaml": yaml });
  return () => loadPulumiProject(dir, root);
};
const header = "name: p\nruntime: nodejs\n";

describe("loadPulumiProject: a project the CLI loads", () => {
  it("rewrites shorthand values as the CLI does: a default for a project key, a value for another namespace", () => {
    const project = load(`${header}main: src/index.ts\nconfig:\n  size: t3.micro\n  count: 2\n  zones: [a, b]\n  aws:region: us-east-2\n  p:flag: true\n`)();
    expect(project).toEqual({
      name: "p",
      main: "src/index.ts",
      config: {
        size: { default: "t3.micro" },
        count: { default: 2 },
        zones: { default: ["a", "b"] },
        "aws:region": { value: "us-east-2" },
        "p:flag": { default: true },
      },
    });
  });

  it("defaults main to the project directory and accepts a runtime object and null fields", () => {
    expect(load("name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: true\ndescription: null\nconfig: null\n")()).toEqual({ name: "p", main: ".", config: {} });
  });

  it("accepts every declaration form the schema allows", () => {
    const yaml = `${header}config:
  text: { type: string, default: "0.5", description: d, secret: false }
  whole: { type: integer, default: 2 }
  wholeText: { type: integer, default: "7" }
  flag: { type: boolean, default: "false" }
  list: { type: array, items: { type: array, items: { type: string } }, default: [[a]] }
  object: { type: object, default: { a: 1 } }
  required: { type: string }
  untyped: { default: anything }
  aws:region: { value: us-east-2 }
  nulled: { type: string, default: null }
`;
    expect(Object.keys(load(yaml)().config)).toEqual(["text", "whole", "wholeText", "flag", "list", "object", "required", "untyped", "aws:region", "nulled"]);
  });
});

describe("loadPulumiProject: the schema (project.json) refuses", () => {
  const refuses = (yaml: string, message: string) => expect(load(yaml)).toThrow(`could not validate 'proj/Pulumi.yaml': ${message}`);

  it("a config type outside string, integer, boolean, array and object (number)", () => {
    refuses(`${header}config:\n  minCapacity:\n    type: number\n    default: 0.5\n`, '#/config/minCapacity/type: value must be one of "string", "integer", "boolean", "array", "object"');
  });

  it("a shorthand value that is not a string, integer, boolean or array", () => {
    expect(load(`${header}config:\n  minCapacity: 0.5\n`)).toThrow(
      "could not validate 'proj/Pulumi.yaml': 2 errors occurred:\n  * #/config/minCapacity: oneOf failed\n  * #/config/minCapacity: expected string, integer, boolean, array or object, but got number",
    );
  });

  it("an attribute a declaration does not have, suggesting the closest one", () => {
    refuses(`${header}config:\n  size:\n    type: string\n    defualt: x\n`, "#/config/size: additionalProperties 'defualt' not allowed; did you mean 'default'?");
    refuses(`${header}config:\n  size:\n    type: string\n    required: true\n`, "#/config/size: additionalProperties 'required' not allowed");
  });

  it("array items that are not a typed items declaration", () => {
    refuses(`${header}config:\n  l:\n    type: array\n    items: string\n`, "#/config/l/items: expected object, but got string");
    refuses(`${header}config:\n  l:\n    type: array\n    items: {}\n`, "#/config/l/items: missing properties: 'type'");
    refuses(`${header}config:\n  l:\n    type: array\n    items: { type: float }\n`, '#/config/l/items/type: value must be one of "string", "integer", "boolean", "array", "object"');
    refuses(`${header}config:\n  l:\n    type: array\n    items: { type: array }\n`, "#/config/l/items: missing properties: 'items'");
  });

  it("a description or secret flag of the wrong type", () => {
    refuses(`${header}config:\n  s:\n    type: string\n    description: 3\n`, "#/config/s/description: expected string, but got integer");
    refuses(`${header}config:\n  s:\n    type: string\n    secret: "yes"\n`, "#/config/s/secret: expected boolean, but got string");
  });

  it("top-level fields of the wrong type", () => {
    refuses("name: p\nruntime:\n", "#/runtime: expected a non-empty string or an object with a non-empty 'name', but got null");
    refuses("name: p\nruntime: 4\n", "#/runtime: expected a non-empty string or an object with a non-empty 'name', but got integer");
    refuses(`${header}main: {}\n`, "#/main: expected string or null, but got object");
    refuses(`${header}config: ./config\n`, "#/config: expected object, but got string");
  });

  it("a project without a usable name, suggesting a misspelt one", () => {
    refuses("Name: p\nruntime: nodejs\n", "project is missing a 'name' attribute; found 'Name' instead");
    refuses("runtime: nodejs\n", "project is missing a 'name' attribute");
    refuses("name: ''\nruntime: nodejs\n", "project is missing a non-empty string 'name' attribute");
    refuses("- name\n", "expected project to be an object, was 'array'");
  });
});

describe("loadPulumiProject: the declaration rules (Project.Validate) refuse", () => {
  const refuses = (config: string, message: string) => expect(load(`${header}config:\n${config}`)).toThrow(`could not validate 'proj/Pulumi.yaml': ${message}`);

  it("both a default and a value", () => {
    refuses("  size: { type: string, default: a, value: b }\n", "project config 'size' cannot have both a 'default' and 'value' attribute");
  });

  it("an array without an item type", () => {
    refuses("  zones: { type: array, default: [a] }\n", "The configuration key 'zones' declares an array but does not specify the underlying type via the 'items' attribute");
  });

  it("a default that is not of the declared type", () => {
    refuses("  maxCapacity: { type: string, default: 4 }\n", "The default value specified for configuration key 'maxCapacity' is not of the expected type 'string'");
    refuses("  count: { type: integer, default: 0.5 }\n", "The default value specified for configuration key 'count' is not of the expected type 'integer'");
    refuses("  zones: { type: array, items: { type: string }, default: [1] }\n", "The default value specified for configuration key 'zones' is not of the expected type 'array<string>'");
  });

  it("a type, a default or no value on another namespace's key", () => {
    refuses("  aws:region: { type: string, value: us-east-2 }\n", "Configuration key 'aws:region' is not namespaced by the project and should not define a type");
    refuses(
      "  aws:region: { default: us-east-2 }\n",
      "Configuration key 'aws:region' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
    );
    refuses("  aws:region: { description: where }\n", "Configuration key 'aws:region' is namespaced and must provide an attribute 'value'");
  });

  it("lists every broken declaration at once", () => {
    refuses(
      "  a: { type: integer, default: x }\n  b: { type: array }\n",
      "2 errors occurred:\n  * The default value specified for configuration key 'a' is not of the expected type 'integer'\n  * The configuration key 'b' declares an array but does not specify the underlying type via the 'items' attribute",
    );
  });
});

describe("the CLI's value rules", () => {
  it("fits values to types as ValidateConfigValue does", () => {
    expect(CONFIG_TYPES).toEqual(["string", "integer", "boolean", "array", "object"]);
    expect([fitsConfigType("integer", undefined, "-3"), fitsConfigType("integer", undefined, "3.5"), fitsConfigType("integer", undefined, true)]).toEqual([true, false, false]);
    expect([fitsConfigType("boolean", undefined, "true"), fitsConfigType("boolean", undefined, "yes"), fitsConfigType("boolean", undefined, false)]).toEqual([true, false, true]);
    expect([fitsConfigType("object", undefined, { a: 1 }), fitsConfigType("object", undefined, [1])]).toEqual([true, false]);
    expect([fitsConfigType("array", undefined, ["a"]), fitsConfigType("array", { type: "integer" }, [1, "2"]), fitsConfigType("array", { type: "string" }, "a")]).toEqual([false, true, false]);
  });

  it("names nested array types and finds the closest key case-insensitively, first alphabetically on ties", () => {
    expect(fullTypeName("array", { type: "array", items: { type: "integer" } })).toBe("array<array<integer>>");
    expect(closest("MAXTASK", ["minTasks", "maxTasks"])).toBe("maxTasks");
    expect(closest("ab", ["ba", "aa"])).toBe("aa");
    expect(closest("zzzz", ["a"], 2)).toBeUndefined();
  });
});
