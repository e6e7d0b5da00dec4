import * as pulumi from "@pulumi/pulumi";
import { setupMocks } from "@fin/testing";
import {
  ConfigReader,
  ConfigValidationError,
  Layer,
  SHARED_NETWORK_LAYERS,
  SHARED_NETWORK_STACK,
  SHARED_NETWORK_STACK_KEY,
  loadLayerConfig,
  networkRole,
  readProfile,
  readSharedNetworkStack,
} from "../src";
import { commonConfig } from "./support/common-config";

describe("networkRole", () => {
  it.each([
    // stack, profile, sharedNetworkStack, role
    ["dev", "production", "", { role: "host" }],
    ["prod", "production", "", { role: "host" }],
    ["pr-7", "production", "", { role: "host" }],
    ["pr-1", "ephemeral", "", { role: "guest", host: "pr-shared" }],
    ["pr-123", "ephemeral", "", { role: "guest", host: "pr-shared" }],
    ["pr-shared", "ephemeral", "", { role: "host" }],
    ["pr-1", "ephemeral", "pr-net", { role: "guest", host: "pr-net" }],
    ["pr-net", "ephemeral", "pr-net", { role: "host" }],
    ["pr-shared", "ephemeral", "pr-net", { role: "guest", host: "pr-net" }],
    ["dev", "ephemeral", "", { role: "guest", host: "pr-shared" }],
  ] as const)("%s with profile %s and sharedNetworkStack %j is %j", (stack, profile, shared, role) => {
    expect(networkRole(stack, profile, shared)).toEqual(role);
  });

  it("defaults the host to the shared network's stack, which has only security and network", () => {
    expect(SHARED_NETWORK_STACK).toBe("pr-shared");
    expect(SHARED_NETWORK_STACK_KEY).toBe("sharedNetworkStack");
    expect(SHARED_NETWORK_LAYERS).toEqual(["security", "network"]);
  });
});

/** readProfile then readSharedNetworkStack over raw fin-network values, with every issue recorded. */
function sharedOf(stack: string, values: Record<string, string>): { value: string; issues: readonly string[] } {
  const reader = new ConfigReader("fin-network", stack, { get: (key) => values[key] }, {});
  const value = readSharedNetworkStack(reader, readProfile(reader));
  try {
    reader.done(undefined);
    return { value, issues: [] };
  } catch (error) {
    return { value, issues: (error as ConfigValidationError).issues };
  }
}

describe("readSharedNetworkStack", () => {
  it('takes "" on every stack and a stack name on an ephemeral one', () => {
    expect(sharedOf("dev", { "fin-network:profile": "", "fin-network:sharedNetworkStack": "" })).toEqual({ value: "", issues: [] });
    expect(sharedOf("pr-1", { "fin-network:profile": "", "fin-network:sharedNetworkStack": "" })).toEqual({ value: "", issues: [] });
    expect(sharedOf("pr-1", { "fin-network:profile": "", "fin-network:sharedNetworkStack": "pr-net" })).toEqual({ value: "pr-net", issues: [] });
  });

  it("refuses a value on a production-profile stack: a production environment keeps its own network", () => {
    expect(sharedOf("dev", { "fin-network:profile": "", "fin-network:sharedNetworkStack": "pr-shared" }).issues).toEqual([
      'sharedNetworkStack "pr-shared" is invalid: must be "" for stack dev, whose profile is production: a production environment keeps its own VPC and endpoints; only ephemeral environments share one (ADR 0019)',
    ]);
    expect(sharedOf("pr-1", { "fin-network:profile": "production", "fin-network:sharedNetworkStack": "pr-shared" }).issues).toHaveLength(1);
  });

  it("refuses a value that is not a stack name, or a protected stack's network", () => {
    expect(sharedOf("pr-1", { "fin-network:profile": "", "fin-network:sharedNetworkStack": "org/pr-shared" }).issues).toEqual([
      'sharedNetworkStack "org/pr-shared" is invalid: must be a Pulumi stack name (letters, digits, "_", "." and "-", 1 to 100 characters), or "" for pr-shared',
    ]);
    expect(sharedOf("pr-1", { "fin-network:profile": "", "fin-network:sharedNetworkStack": "prod" }).issues).toEqual([
      `sharedNetworkStack "prod" is invalid: must not name a protected stack: a pull request's tasks would run in prod's VPC`,
    ]);
  });

  it("reports an undeclared key as missing", () => {
    expect(sharedOf("pr-1", { "fin-network:profile": "" }).issues).toEqual([
      "sharedNetworkStack is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
    ]);
  });
});

describe("the shared network's stack in the layers it does not have", () => {
  const COMMON = commonConfig("pr-shared");
  beforeAll(async () => {
    await setupMocks({ project: "fin-test", stack: "pr-shared", config: COMMON });
  });
  const load = (layer: Layer, values: Record<string, string> = COMMON) => () => loadLayerConfig(layer, () => ({}), { get: (key) => values[key] }, {});

  it.each(["data", "compute"] as const)("stops %s with this one issue before any resource, whatever else its config says", (layer) => {
    expect(pulumi.getStack()).toBe("pr-shared");
    const only = new ConfigValidationError("fin-test/pr-shared", [
      `stack "pr-shared" is invalid: has no ${layer} layer: it is the network the ephemeral environments share (ADR 0019), made of security and network only; ` +
        `each environment's ${layer} runs in its own stack pr-<n> (synth the shared network with npx nx run-many -t synth -p security network --stack=pr-shared)`,
    ]);
    expect(load(layer)).toThrow(only);
    // No stack file at all: no suffix, no region; still the one issue.
    expect(load(layer, {})).toThrow(only);
  });

  it.each(["security", "network"] as const)("lets %s run", (layer) => {
    expect(load(layer)()).toMatchObject({ layer, stack: "pr-shared", environmentSuffix: "pr-shared" });
  });
});
