import * as pulumi from "@pulumi/pulumi";
import { setupMocks, stackConfigSource } from "@fin/testing";
import { loadNetworkConfig } from "../src/config";
import { DEFAULT_INTERFACE_ENDPOINTS, INTERFACE_ENDPOINT_SERVICES, endpointServiceName } from "../src/endpoint-services";
import { STACK_DIR, devConfig } from "./fixtures";

const load = (overrides: Record<string, unknown> = {}, env: Record<string, string> = {}) => loadNetworkConfig(stackConfigSource(STACK_DIR, "dev", overrides), env);
const oneIssue = (issue: string) => `fin-network/dev config has 1 issue:\n  - ${issue}`;

beforeAll(async () => {
  await setupMocks({ project: "fin-network", stack: "dev", config: devConfig() });
});

describe("loadNetworkConfig", () => {
  it("reads the dev stack with the Pulumi.yaml defaults", () => {
    expect(load()).toEqual({
      layer: "network",
      project: "fin-network",
      stack: "dev",
      environmentSuffix: "dev",
      region: "us-east-2",
      stackOrganization: "organization",
      owner: "platform-team",
      costCenter: "trading-analytics",
      dataClassification: "confidential",
      allowedAccountIds: ["111111111111"],
      profile: "production",
      sharedNetworkStack: "",
      role: { role: "host" },
      vpcCidr: "10.0.0.0/16",
      availabilityZones: ["us-east-2a", "us-east-2b", "us-east-2c"],
      albIngressCidrs: ["0.0.0.0/0"],
      appPort: 8080,
      databasePort: 5432,
      interfaceEndpoints: ["ecr.api", "ecr.dkr", "logs", "kinesis-streams", "monitoring", "ecs"],
    });
    expect(DEFAULT_INTERFACE_ENDPOINTS).toEqual(load().interfaceEndpoints);
  });

  it("reads the running program's config when no source is given", () => {
    expect(loadNetworkConfig(undefined, {}).vpcCidr).toBe("10.0.0.0/16");
  });

  it("takes the suffix from ENVIRONMENT_SUFFIX for a stack that leaves environmentSuffix unset (an ephemeral stack)", () => {
    expect(load({ "fin-network:environmentSuffix": "" }, { ENVIRONMENT_SUFFIX: "pr-42" }).environmentSuffix).toBe("pr-42");
  });

  it("refuses an ENVIRONMENT_SUFFIX that would rename dev", () => {
    expect(() => load({}, { ENVIRONMENT_SUFFIX: "pr-42" })).toThrow(oneIssue("ENVIRONMENT_SUFFIX 'pr-42' differs from the stack config's environmentSuffix 'dev'"));
  });

  it("accepts every catalogued endpoint, restricted ingress and other ports", () => {
    const config = load({
      "fin-network:vpcCidr": "172.16.0.0/20",
      "fin-network:availabilityZones": ["us-east-2c", "us-east-2a", "us-east-2b"],
      "fin-network:albIngressCidrs": ["203.0.113.0/24", "198.51.100.10/32"],
      "fin-network:appPort": 1024,
      "fin-network:databasePort": 65535,
      "fin-network:interfaceEndpoints": INTERFACE_ENDPOINT_SERVICES,
    });
    expect(config).toMatchObject({
      vpcCidr: "172.16.0.0/20",
      availabilityZones: ["us-east-2c", "us-east-2a", "us-east-2b"],
      albIngressCidrs: ["203.0.113.0/24", "198.51.100.10/32"],
      appPort: 1024,
      databasePort: 65535,
      interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES,
    });
    expect(INTERFACE_ENDPOINT_SERVICES).toHaveLength(13);
  });

  it("takes AZs of another region when the region override is on", () => {
    const config = load({
      "aws:region": "eu-west-1",
      "fin-network:allowRegionOverride": true,
      "fin-network:availabilityZones": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    });
    expect([config.region, config.availabilityZones]).toEqual(["eu-west-1", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]]);
  });

  it.each([
    [{ "fin-network:vpcCidr": "10.0.0.0" }, 'vpcCidr "10.0.0.0" is invalid: must be an IPv4 CIDR block such as 203.0.113.0/24'],
    [
      { "fin-network:vpcCidr": "10.0.0.0/24" },
      'vpcCidr "10.0.0.0/24" is invalid: must be a /16 to /23: it is split into 16 blocks of /(prefix+4) for the 6 subnets, an ALB subnet must be a /27 or larger, and AWS VPCs are /16 at the largest',
    ],
    [{ "fin-network:vpcCidr": "10.0.5.0/16" }, 'vpcCidr "10.0.5.0/16" is invalid: has host bits set: the block is 10.0.0.0/16'],
    [
      { "fin-network:availabilityZones": ["us-east-2a", "us-east-2b"] },
      'availabilityZones ["us-east-2a","us-east-2b"] is invalid: must list exactly 3 availability zones',
    ],
    [
      { "fin-network:availabilityZones": ["us-east-2a", "us-east-2a", "us-east-2b"] },
      'availabilityZones ["us-east-2a","us-east-2a","us-east-2b"] is invalid: must not repeat an availability zone',
    ],
    [
      { "fin-network:availabilityZones": ["us-east-2a", "us-east-2b", "us-east-1c"] },
      'availabilityZones[] "us-east-1c" is invalid: must be an availability zone of us-east-2 (us-east-2a, us-east-2b, ...)',
    ],
    [{ "fin-network:availabilityZones": ["us-east-2a", "us-east-2b", "us-east-2"] }, 'availabilityZones[] "us-east-2" is invalid: must be an availability zone of us-east-2 (us-east-2a, us-east-2b, ...)'],
    [{ "fin-network:availabilityZones": ["us-east-2a", "us-east-2b", "us-east-2bb"] }, 'availabilityZones[] "us-east-2bb" is invalid: must be an availability zone of us-east-2 (us-east-2a, us-east-2b, ...)'],
    [{ "fin-network:albIngressCidrs": ["anywhere"] }, 'albIngressCidrs[] "anywhere" is invalid: must be an IPv4 CIDR block such as 203.0.113.0/24'],
    [{ "fin-network:albIngressCidrs": [] }, "albIngressCidrs [] is invalid: must list at least one CIDR block (the ALB is the only way in)"],
    [
      { "fin-network:albIngressCidrs": ["0.0.0.0/0", "0.0.0.0/0"] },
      'albIngressCidrs ["0.0.0.0/0","0.0.0.0/0"] is invalid: must not repeat a CIDR block (AWS rejects duplicate rules)',
    ],
    [{ "fin-network:profile": "cheap" }, 'profile "cheap" is invalid: must be one of production, ephemeral, or "" to choose by stack name (pr-<n>: ephemeral, any other stack: production)'],
    [
      { "fin-network:sharedNetworkStack": "pr-shared" },
      'sharedNetworkStack "pr-shared" is invalid: must be "" for stack dev, whose profile is production: a production environment keeps its own VPC and endpoints; only ephemeral environments share one (ADR 0019)',
    ],
    [
      { "fin-network:profile": "ephemeral", "fin-network:sharedNetworkStack": "pr shared" },
      'sharedNetworkStack "pr shared" is invalid: must be a Pulumi stack name (letters, digits, "_", "." and "-", 1 to 100 characters), or "" for pr-shared',
    ],
    [{ "fin-network:appPort": 80 }, 'appPort "80" is invalid: must be at least 1024'],
    [{ "fin-network:databasePort": 1149 }, 'databasePort "1149" is invalid: must be at least 1150'],
    [{ "fin-network:databasePort": 70000 }, 'databasePort "70000" is invalid: must be at most 65535'],
    [
      { "fin-network:interfaceEndpoints": ["ecr.api", "ecr.dkr", "logs", "s3"] },
      `interfaceEndpoints[] "s3" is invalid: must be one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
    ],
    [
      { "fin-network:interfaceEndpoints": ["ecr.api", "ecr.dkr", "logs", "logs"] },
      'interfaceEndpoints ["ecr.api","ecr.dkr","logs","logs"] is invalid: must not repeat a service',
    ],
    [
      { "fin-network:interfaceEndpoints": ["ecr.api", "logs"] },
      'interfaceEndpoints ["ecr.api","logs"] is invalid: must include ecr.api, ecr.dkr, logs: without them Fargate tasks in subnets with no NAT cannot pull images or ship logs',
    ],
  ])("rejects %j with one clear issue", (overrides, issue) => {
    expect(() => load(overrides)).toThrow(oneIssue(issue));
  });

  // The CLI refuses these before the program runs (a typed key's stack value must have its type,
  // ADR 0012), so they can only reach the program from elsewhere: the program still says which.
  it.each([
    [{ "fin-network:availabilityZones": "us-east-2a" }, 'availabilityZones "us-east-2a" is invalid: must be a list of strings'],
    [{ "fin-network:albIngressCidrs": "0.0.0.0/0" }, 'albIngressCidrs "0.0.0.0/0" is invalid: must be a list of strings'],
    [{ "fin-network:interfaceEndpoints": "[1,2]" }, 'interfaceEndpoints "[1,2]" is invalid: must be a list of strings'],
    [{ "fin-network:appPort": "8080.5" }, 'appPort "8080.5" is invalid: must be a whole number'],
  ])("rejects the wrongly typed raw value %j with one clear issue", (raw, issue) => {
    const values: Record<string, string> = { ...devConfig(), ...raw };
    expect(() => loadNetworkConfig({ get: (key) => values[key] }, {})).toThrow(oneIssue(issue));
  });

  it("reports every problem at once, common keys first", () => {
    expect(() =>
      load({
        "aws:region": "eu-west-1",
        "fin-network:vpcCidr": "8.8.0.0/16",
        "fin-network:albIngressCidrs": ["0.0.0.0/0", "10.1.2.3/8"],
        "fin-network:appPort": 443,
      }),
    ).toThrow(
      [
        "fin-network/dev config has 7 issues:",
        '  - aws:region "eu-west-1" is invalid: must be us-east-2 unless allowRegionOverride is true',
        '  - vpcCidr "8.8.0.0/16" is invalid: must lie in a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16',
        '  - availabilityZones[] "us-east-2a" is invalid: must be an availability zone of eu-west-1 (eu-west-1a, eu-west-1b, ...)',
        '  - availabilityZones[] "us-east-2b" is invalid: must be an availability zone of eu-west-1 (eu-west-1a, eu-west-1b, ...)',
        '  - availabilityZones[] "us-east-2c" is invalid: must be an availability zone of eu-west-1 (eu-west-1a, eu-west-1b, ...)',
        '  - albIngressCidrs[] "10.1.2.3/8" is invalid: has host bits set: the block is 10.0.0.0/8',
        '  - appPort "443" is invalid: must be at least 1024',
      ].join("\n"),
    );
  });

  it("reports missing keys instead of guessing", () => {
    const values = devConfig();
    delete values["fin-network:vpcCidr"];
    delete values["fin-network:albIngressCidrs"];
    delete values["aws:region"];
    expect(() => loadNetworkConfig({ get: (key) => values[key] }, {})).toThrow(
      [
        "fin-network/dev config has 4 issues:",
        "  - aws:region is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
        '  - aws:region "" is invalid: must be us-east-2 unless allowRegionOverride is true',
        "  - vpcCidr is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
        "  - albIngressCidrs is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
      ].join("\n"),
    );
  });
});

describe("the network's role (ADR 0019)", () => {
  /** loadNetworkConfig of a committed stack file, run as that stack. */
  const loadStack = (stack: string, overrides: Record<string, unknown> = {}, env: Record<string, string> = {}) => {
    const spy = jest.spyOn(pulumi, "getStack").mockReturnValue(stack);
    try {
      return loadNetworkConfig(stackConfigSource(STACK_DIR, stack, overrides), env);
    } finally {
      spy.mockRestore();
    }
  };

  it("makes every committed production stack a host", () => {
    expect(["dev", "staging", "prod"].map((stack) => [loadStack(stack).profile, loadStack(stack).role])).toEqual([
      ["production", { role: "host" }],
      ["production", { role: "host" }],
      ["production", { role: "host" }],
    ]);
  });

  it("makes pr-1 a guest of pr-shared, and pr-shared, whose file sets the ephemeral profile, the host", () => {
    expect(loadStack("pr-1")).toMatchObject({ profile: "ephemeral", sharedNetworkStack: "", role: { role: "guest", host: "pr-shared" } });
    expect(loadStack("pr-shared")).toMatchObject({ stack: "pr-shared", environmentSuffix: "pr-shared", profile: "ephemeral", role: { role: "host" } });
  });

  it("makes a CI stack with no file, named by ENVIRONMENT_SUFFIX, a guest; sharedNetworkStack picks another host", () => {
    expect(loadStack("pr-77", {}, { ENVIRONMENT_SUFFIX: "pr-77" }).role).toEqual({ role: "guest", host: "pr-shared" });
    expect(loadStack("pr-1", { "fin-network:sharedNetworkStack": "pr-net" }).role).toEqual({ role: "guest", host: "pr-net" });
  });
});

describe("endpointServiceName", () => {
  it("builds the regional service name", () => {
    expect(endpointServiceName("us-east-2", "ecr.dkr")).toBe("com.amazonaws.us-east-2.ecr.dkr");
  });
});
