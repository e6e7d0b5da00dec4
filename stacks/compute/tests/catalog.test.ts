import * as pulumi from "@pulumi/pulumi";
import { resolveStackConfig, setupMocks, stackConfigSource } from "@fin/testing";
import { loadComputeConfig } from "../src/config";
import { databaseUserOf, servicePhysicalBases, urlVariableOf } from "../src/catalog";
import { STACK_DIR } from "./fixtures";

const API = { name: "api", reach: "public", port: 8080, route: { default: true } };
const withServices = (services: unknown, extra: Record<string, unknown> = {}) =>
  loadComputeConfig(stackConfigSource(STACK_DIR, "dev", { "fin-compute:services": services, ...extra }), {});
/** The issues a catalog raises, in order. */
const issuesOf = (services: unknown, extra: Record<string, unknown> = {}): string[] => {
  try {
    withServices(services, extra);
  } catch (e) {
    return (e as { issues: string[] }).issues;
  }
  return [];
};
const loadRaw = (raw: Record<string, string>) => {
  const values = { ...resolveStackConfig(STACK_DIR, "dev"), ...raw };
  return loadComputeConfig({ get: (key) => values[key] }, {});
};

beforeAll(async () => {
  await setupMocks({ project: "fin-compute", stack: "dev", config: resolveStackConfig(STACK_DIR, "dev") });
});

describe("the service catalog", () => {
  it("reads an entry's own size, scaling, health path, host route and calls, sorting grants and calls", () => {
    const config = withServices([
      { ...API, calls: ["worker-b", "internal-a"].filter((c) => c !== "worker-b").concat("reporting") },
      { name: "internal-a", reach: "internal", port: 9000, healthPath: "/ready", cpu: 4096, memory: 8192, grants: ["raw:read"] },
      {
        name: "reporting",
        reach: "public",
        port: 9100,
        route: { hosts: ["reports.example.com"], paths: ["/reports/*"], priority: 20 },
        scaling: { minTasks: 1, maxTasks: 3, onDemandBaseTasks: 1, cpuTargetPercent: 50, memoryTargetPercent: 55 },
        grants: ["processed:read", "metrics:write"],
      },
      { name: "sweeper", reach: "worker" },
    ]);
    expect(config.services.map((s) => [s.name, s.cpu, s.memory, s.port, s.healthPath, s.route, s.scaling.maxTasks, s.grants, s.calls])).toEqual([
      ["api", 2048, 4096, 8080, "/health", { kind: "default" }, 6, [], ["internal-a", "reporting"]],
      ["internal-a", 4096, 8192, 9000, "/ready", undefined, 6, ["raw:read"], []],
      ["reporting", 2048, 4096, 9100, "/health", { kind: "rule", paths: ["/reports/*"], hosts: ["reports.example.com"], priority: 20 }, 3, ["metrics:write", "processed:read"], []],
      ["sweeper", 2048, 4096, 0, "", undefined, 6, [], []],
    ]);
    expect(config.services[2].scaling).toEqual({ minTasks: 1, maxTasks: 3, onDemandBaseTasks: 1, cpuTargetPercent: 50, memoryTargetPercent: 55 });
  });

  it("gives every service minTasks 1 in the ephemeral profile, whatever its entry says", () => {
    const spy = jest.spyOn(pulumi, "getStack").mockReturnValue("pr-1");
    try {
      const config = loadComputeConfig(
        stackConfigSource(STACK_DIR, "pr-1", { "fin-compute:services": [{ ...API, scaling: { minTasks: 4, maxTasks: 8 } }, { name: "w", reach: "worker" }] }),
        {},
      );
      expect(config.services.map((s) => [s.name, s.scaling.minTasks, s.scaling.maxTasks])).toEqual([
        ["api", 1, 8],
        ["w", 1, 6],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it("reads per-service image tags, none when the key is absent", () => {
    expect(withServices([API], { "fin-compute:imageTags": { api: "2.1.0" } }).imageTags).toEqual({ api: "2.1.0" });
    const values = resolveStackConfig(STACK_DIR, "dev");
    delete values["fin-compute:imageTags"];
    expect(loadComputeConfig({ get: (key) => values[key] }, {}).imageTags).toEqual({});
  });

  const bad: Array<[string, unknown, string[]]> = [
    ["an empty catalog", [], ['services [] is invalid: must list at least one service: an empty catalog runs nothing']],
    [
      "duplicate service names",
      [API, { name: "api", reach: "worker" }],
      ['services[1] (api).name "api" is invalid: must be unique in the catalog (it is part of every physical name)'],
    ],
    [
      "a name that is not kebab case, and an unknown field",
      [API, { name: "Bad_Name", reach: "worker", image: "x" }],
      [
        'services[1] (Bad_Name).image "x" is invalid: is not a service field; use name, cpu, memory, port, healthPath, reach, route, scaling, grants, calls',
        'services[1] (Bad_Name).name "Bad_Name" is invalid: must be lowercase letters, digits and single hyphens, starting with a letter (^[a-z][a-z0-9-]*$, no trailing or double hyphen)',
      ],
    ],
    [
      "a missing name and reach",
      [API, {}],
      ['services[1] (unnamed).name null is invalid: must be lowercase letters, digits and single hyphens, starting with a letter (^[a-z][a-z0-9-]*$, no trailing or double hyphen)', 'services[1] (unnamed).reach null is invalid: must be one of public, internal, worker'],
    ],
    [
      "a name that makes the target group name too long",
      [{ ...API, name: "market-data-normalizer-v2x" }],
      ["services[0] (market-data-normalizer-v2x).name \"market-data-normalizer-v2x\" is invalid: makes the targetGroup name 'market-data-normalizer-v2x-tg-dev' 33 characters, over AWS's 32"],
    ],
    [
      "an invalid Fargate pair",
      [{ ...API, cpu: 4096, memory: 4096 }],
      ['services[0] (api).memory 4096 is invalid: with cpu 4096, Fargate allows 8192-30720 MiB in steps of 1024'],
    ],
    [
      "a CPU size Fargate does not offer",
      [{ ...API, cpu: 3072 }],
      ['services[0] (api).cpu 3072 is invalid: must be a Fargate CPU size of at least 2048 (2 vCPU): one of 2048, 4096, 8192, 16384'],
    ],
    ["CPU below the floor", [{ ...API, cpu: 1024 }], ["services[0] (api).cpu 1024 is invalid: must be a whole number of at least 2048 (the requirements' 2 vCPU)"]],
    ["a public service without a port", [{ name: "api", reach: "public", route: { default: true } }], ['services[0] (api).port null is invalid: is required for a public service: a whole number from 1024 to 65535']],
    ["a privileged port", [{ ...API, port: 80 }], ['services[0] (api).port 80 is invalid: must be a whole number from 1024 to 65535']],
    ["a relative health path", [{ ...API, healthPath: "health" }], ['services[0] (api).healthPath "health" is invalid: must be an absolute URL path such as /health']],
    ["a health path that is not a string", [{ ...API, healthPath: 5 }], ["services[0] (api).healthPath 5 is invalid: must be an absolute URL path such as /health"]],
    [
      "a worker with a port, health path and route",
      [API, { name: "w", reach: "worker", port: 8080, healthPath: "/h", route: { default: true } }],
      [
        'services[1] (w).port 8080 is invalid: a worker is reached by nothing: it has no port, health path or route',
        'services[1] (w).healthPath "/h" is invalid: a worker is reached by nothing: it has no port, health path or route',
        'services[1] (w).route {"default":true} is invalid: a worker is reached by nothing: it has no port, health path or route',
      ],
    ],
    [
      "an internal service with a route",
      [API, { name: "i", reach: "internal", port: 9000, route: { default: true } }],
      ['services[1] (i).route {"default":true} is invalid: only a public service has an ALB route; an internal one is reached by its callers'],
    ],
    [
      "a public service without a route",
      [API, { name: "web", reach: "public", port: 8080 }],
      ["services[1] (web).route null is invalid: a public service needs a route: { paths and/or hosts, priority } or { default: true } (the listener's default action)"],
    ],
    [
      "a route with no pattern and no priority",
      [API, { name: "web", reach: "public", port: 8080, route: {} }],
      ['services[1] (web).route {} is invalid: must name at least one path or host pattern (or be { default: true })', 'services[1] (web).route.priority null is invalid: is required: a whole number from 1 to 50000, unique on the listener'],
    ],
    [
      "a route with an unknown field",
      [API, { name: "web", reach: "public", port: 8080, route: { path: "/x", priority: 2 } }],
      ['services[1] (web).route {"path":"/x","priority":2} is invalid: has unknown field path: a route has paths, hosts and priority, or default: true'],
    ],
    [
      "a default route with a pattern",
      [{ ...API, route: { default: true, paths: ["/"] } }],
      [
        'services[0] (api).route {"default":true,"paths":["/"]} is invalid: a default route is exactly { default: true }, without paths, hosts or priority',
      ],
    ],
    [
      "bad patterns, too many of them and a priority out of range",
      [API, { name: "web", reach: "public", port: 8080, route: { paths: ["x", "/a", "/b", "/c"], hosts: ["bad host", "ok.example.com"], priority: 0 } }],
      [
        'services[1] (web).route.paths[] "x" is invalid: must be an ALB path pattern: /, then up to 127 of A-Z a-z 0-9 _ - . $ / ~ " \' @ : + & * ?',
        'services[1] (web).route.hosts[] "bad host" is invalid: must be an ALB host pattern: up to 128 of A-Z a-z 0-9 - . * ?',
        'services[1] (web).route {"paths":["x","/a","/b","/c"],"hosts":["bad host","ok.example.com"],"priority":0} is invalid: may have at most 5 path and host patterns together (an ALB rule\'s condition values)',
        'services[1] (web).route.priority 0 is invalid: must be a whole number from 1 to 50000',
      ],
    ],
    [
      "two rules with the same priority or the same pattern",
      [API, { name: "a", reach: "public", port: 8080, route: { paths: ["/x/*"], priority: 5 } }, { name: "b", reach: "public", port: 8080, route: { paths: ["/x/*"], hosts: ["h.example.com"], priority: 5 } }, { name: "c", reach: "public", port: 8080, route: { hosts: ["h.example.com"], priority: 6 } }],
      [
        'services[2] (b).route.priority 5 is invalid: is already used by a: each rule needs its own priority',
        'services[2] (b).route.paths[] "/x/*" is invalid: is already used by a: each rule needs its own path',
        'services[3] (c).route.hosts[] "h.example.com" is invalid: is already used by b: each rule needs its own host',
      ],
    ],
    [
      "two default routes",
      [API, { ...API, name: "web" }],
      ['services ["api","web"] is invalid: exactly one public service must have route { default: true } (the listener\'s default action)'],
    ],
    [
      "calls to an unknown service, a worker and itself, repeated",
      [{ ...API, calls: ["ghost", "w", "api", "w"] }, { name: "w", reach: "worker" }],
      [
        'services[0] (api).calls ["ghost","w","api","w"] is invalid: must not repeat w',
        'services[0] (api).calls[] "api" is invalid: a service does not call itself',
        'services[0] (api).calls[] "ghost" is invalid: is not a service in the catalog (api, w)',
        'services[0] (api).calls[] "w" is invalid: is a worker: it has no port, so nothing can call it',
      ],
    ],
    [
      "an unknown grant, and grants that are not a list",
      [{ ...API, grants: ["raw:read", "s3:*"] }, { name: "w", reach: "worker", grants: "raw:read" }],
      [
        'services[0] (api).grants[] "s3:*" is invalid: is not a grant: one of raw:read, raw:write, processed:read, processed:write, stream:read, stream:write, database:connect, metrics:write',
        'services[1] (w).grants "raw:read" is invalid: must be a list of strings',
      ],
    ],
    [
      "min tasks above max tasks, and bad scaling fields",
      [{ ...API, scaling: { minTasks: 5, maxTasks: 3, cpuTargetPercent: 95, burst: 2 } }, { name: "w", reach: "worker", scaling: 3 }],
      [
        'services[0] (api).scaling.burst 2 is invalid: is not a scaling field; use minTasks, maxTasks, onDemandBaseTasks, cpuTargetPercent, memoryTargetPercent',
        'services[0] (api).scaling.minTasks 5 is invalid: must not exceed scaling.maxTasks (3)',
        'services[0] (api).scaling.cpuTargetPercent 95 is invalid: must be a whole number from 10 to 90',
        'services[1] (w).scaling 3 is invalid: must be an object of minTasks, maxTasks, onDemandBaseTasks, cpuTargetPercent, memoryTargetPercent',
      ],
    ],
  ];

  it.each(bad)("rejects %s, naming service, field, value and rule", (_case, services, issues) => {
    expect(issuesOf(services)).toEqual(issues);
  });

  it("rejects a catalog that is not a list, or not JSON, and an entry that is not an object", () => {
    expect(() => loadRaw({ "fin-compute:services": JSON.stringify([API, "ingest"]) })).toThrow('services[1] "ingest" is invalid: must be an object with at least name and reach');
    expect(() => loadRaw({ "fin-compute:services": '{"name":"api"}' })).toThrow('services {"name":"api"} is invalid: must be a list of service objects (Pulumi.yaml declares the default catalog)');
    expect(() => loadRaw({ "fin-compute:services": "api" })).toThrow('services "api" is invalid: must be a list of service objects');
    const values = resolveStackConfig(STACK_DIR, "dev");
    delete values["fin-compute:services"];
    expect(() => loadComputeConfig({ get: (key) => values[key] }, {})).toThrow("services null is invalid: must be a list of service objects");
  });

  it("rejects image tags for unknown services, bad tags, and a value that is not an object", () => {
    expect(issuesOf([API], { "fin-compute:imageTags": { api: "bad tag", web: "1.0.0" } })).toEqual([
      'imageTags.api "bad tag" is invalid: must be a non-empty image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>',
      'imageTags.web "1.0.0" is invalid: names no service in the catalog (api)',
    ]);
    expect(() => loadRaw({ "fin-compute:imageTags": "[1]" })).toThrow('imageTags [1] is invalid: must be an object of <service>: <tag or sha256:digest>');
    expect(() => loadRaw({ "fin-compute:imageTags": "{" })).toThrow('imageTags "{" is invalid: must be an object of <service>: <tag or sha256:digest>');
  });

  it("checks a very long name against the DNS label and database user limit", () => {
    const name = `a${"b".repeat(63)}`;
    expect(issuesOf([API, { name, reach: "worker" }])).toContain(`services[1] (${name}).name "${name}" is invalid: must be at most 63 characters (its DNS name and database user)`);
  });
});

describe("catalog helpers", () => {
  it("derive the database user and the caller's env var from the name", () => {
    expect([databaseUserOf("market-feed"), urlVariableOf("market-feed")]).toEqual(["market_feed", "MARKET_FEED_URL"]);
  });

  it("check a target group only for a public service", () => {
    expect(servicePhysicalBases("w", "worker").map(([kind]) => kind)).not.toContain("targetGroup");
    expect(servicePhysicalBases("w", "public")[0]).toEqual(["targetGroup", "w-tg"]);
  });
});
