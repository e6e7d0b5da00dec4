// The service catalog (ADR 0017): the compute layer's `services` config, one entry per microservice.
// Every problem of every entry is collected by the layer's ConfigReader and reported together, each
// named `services[<i>] (<name>).<field>`, before any resource is declared.
import { ConfigReader, REQUIREMENTS } from "@fin/config";
import { GRANTS, type Grant, SERVICE_REACHES, type ServiceReach } from "@fin/contracts";
import { NAME_RULES, type NameKind } from "@fin/naming";
import { fargateSizeProblem } from "./fargate";

/** The config key of the catalog (Pulumi.yaml: `type: array`, `items: { type: object }`). */
export const SERVICES_KEY = "services";

/** A service name: lowercase kebab case (no "--", no trailing hyphen), so every physical name stays valid. */
export const SERVICE_NAME = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/** Ports a service may listen on: unprivileged (the container runs as a non-root UID). */
export const SERVICE_PORT_RANGE = { min: 1024, max: 65535 } as const;

/**
 * ALB listener rule priorities: "A value between 1 and 50000"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html, Priority).
 */
export const RULE_PRIORITY_RANGE = { min: 1, max: 50000 } as const;
/**
 * "Condition values per rule: 5" (path and host values together):
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
export const MAX_CONDITION_VALUES = 5;
// Path pattern: up to 128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?; host header: up to
// 128 of A-Z a-z 0-9 - . * ? (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
const PATH_PATTERN = /^\/[A-Za-z0-9_.$/~"'@:+&*?-]{0,127}$/;
const HOST_PATTERN = /^[A-Za-z0-9*?-](?:[A-Za-z0-9*?.-]{0,127})$/;
const HEALTH_PATH = /^\/[A-Za-z0-9._~/-]{0,1023}$/;

/**
 * The physical names a service gets, as `<base>` before `-<suffix>` (the longest of each kind), and
 * the AWS limit each must fit: NAME_RULES cites the API references (CreateTargetGroup 32, CreateRole 64,
 * CreatePolicy 128, CreateService / CreateSecurityGroup / RegisterTaskDefinition 255, CreateRepository
 * 256, CreateLogGroup 512). A name that does not fit is a config error, not a hashed name, so every
 * physical name keeps its service's name readable.
 */
export function servicePhysicalBases(name: string, reach: ServiceReach): ReadonlyArray<readonly [NameKind, string]> {
  return [
    ...(reach === "public" ? ([["targetGroup", `${name}-tg`]] as const) : []),
    ["iamRole", `${name}-execution-role`],
    ["iamPolicy", `${name}-execution-policy`],
    ["ecsService", `${name}-service`],
    ["taskFamily", name],
    ["securityGroup", `${name}-sg`],
    ["ecrRepository", name],
    ["logGroup", `/ecs/${name}`],
    ["generic", `${name}-memory-tracking`],
  ];
}

/**
 * A DNS label (the service's Cloud Map name) and a PostgreSQL identifier (its database user) are both
 * at most 63 characters: RFC 1035 section 2.3.4, and PostgreSQL NAMEDATALEN - 1
 * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS).
 */
export const MAX_LABEL_LENGTH = 63;

/** The PostgreSQL role a `database:connect` service connects as (IAM auth): its name, hyphens to underscores. */
export function databaseUserOf(service: string): string {
  return service.replace(/-/g, "_");
}

/** The env var a caller reads the callee's address from: `processor` -> `PROCESSOR_URL`. */
export function urlVariableOf(service: string): string {
  return `${service.replace(/-/g, "_").toUpperCase()}_URL`;
}

export interface ServiceScaling {
  /** The configured floor, or the profile's (ephemeral: 1). */
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly onDemandBaseTasks: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
}

export type ServiceRoute = { readonly kind: "default" } | { readonly kind: "rule"; readonly paths: readonly string[]; readonly hosts: readonly string[]; readonly priority: number };

/** One validated catalog entry. */
export interface CatalogEntry {
  readonly name: string;
  readonly cpu: number;
  readonly memory: number;
  readonly reach: ServiceReach;
  /** 0 for a worker (it listens on nothing). */
  readonly port: number;
  /** Public and internal services; "" for a worker. */
  readonly healthPath: string;
  /** Public services only. */
  readonly route?: ServiceRoute;
  readonly scaling: ServiceScaling;
  /** Sorted, unique. */
  readonly grants: readonly Grant[];
  /** Sorted, unique. */
  readonly calls: readonly string[];
}

/** What an entry falls back to for a field it leaves out: the layer's single-service keys. */
export interface CatalogDefaults {
  readonly cpu: number;
  readonly memory: number;
  readonly healthPath: string;
  readonly scaling: ServiceScaling;
  /** Ephemeral profile: every service's floor (ADR 0014). */
  readonly profileMinTasks: number | undefined;
  readonly environmentSuffix: string;
}

const ENTRY_FIELDS = ["name", "cpu", "memory", "port", "healthPath", "reach", "route", "scaling", "grants", "calls"] as const;
const SCALING_FIELDS = ["minTasks", "maxTasks", "onDemandBaseTasks", "cpuTargetPercent", "memoryTargetPercent"] as const;
const SCALING_RANGES: Readonly<Record<(typeof SCALING_FIELDS)[number], { min: number; max: number }>> = {
  minTasks: { min: 1, max: 100 },
  maxTasks: { min: 1, max: 100 },
  onDemandBaseTasks: { min: 0, max: 100 },
  cpuTargetPercent: { min: 10, max: 90 },
  memoryTargetPercent: { min: 10, max: 90 },
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads one entry's fields, recording each problem under `services[<i>] (<name>).<field>`. */
class EntryReader {
  constructor(
    private readonly reader: ConfigReader,
    readonly label: string,
    private readonly raw: Json,
  ) {}

  problem(field: string, value: unknown, rule: string): void {
    this.reader.problem(`${this.label}.${field}`, value, rule);
  }

  has(field: string): boolean {
    return this.raw[field] !== undefined;
  }

  integer(field: string, fallback: number, range: { min: number; max: number }, from: Json = this.raw, prefix = "", why = ""): number {
    const value = from[field];
    if (value === undefined) {
      return fallback;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > range.max) {
      const bounds = range.max === Number.MAX_SAFE_INTEGER ? `of at least ${range.min}` : `from ${range.min} to ${range.max}`;
      this.problem(`${prefix}${field}`, value, `must be a whole number ${bounds}${why}`);
      return Number.NaN;
    }
    return value;
  }

  stringList(field: string, from: Json = this.raw, prefix = ""): string[] {
    const value = from[field];
    if (value === undefined) {
      return [];
    }
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) {
      this.problem(`${prefix}${field}`, value, "must be a list of strings");
      return [];
    }
    const duplicates = value.filter((v, i) => value.indexOf(v) !== i);
    if (duplicates.length > 0) {
      this.problem(`${prefix}${field}`, value, `must not repeat ${[...new Set(duplicates)].join(", ")}`);
    }
    return [...new Set(value)].sort();
  }
}

function readRoute(entry: EntryReader, raw: unknown): ServiceRoute | undefined {
  if (!isObject(raw)) {
    entry.problem("route", raw ?? null, 'a public service needs a route: { paths and/or hosts, priority } or { default: true } (the listener\'s default action)');
    return undefined;
  }
  const unknown = Object.keys(raw).filter((k) => !["paths", "hosts", "priority", "default"].includes(k));
  if (unknown.length > 0) {
    entry.problem("route", raw, `has unknown field ${unknown.join(", ")}: a route has paths, hosts and priority, or default: true`);
    return undefined;
  }
  if (raw.default !== undefined) {
    if (raw.default !== true || Object.keys(raw).length !== 1) {
      entry.problem("route", raw, "a default route is exactly { default: true }, without paths, hosts or priority");
      return undefined;
    }
    return { kind: "default" };
  }
  const paths = entry.stringList("paths", raw, "route.");
  const hosts = entry.stringList("hosts", raw, "route.");
  paths.filter((p) => !PATH_PATTERN.test(p)).forEach((p) => entry.problem("route.paths[]", p, "must be an ALB path pattern: /, then up to 127 of A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & * ?"));
  hosts.filter((h) => !HOST_PATTERN.test(h)).forEach((h) => entry.problem("route.hosts[]", h, "must be an ALB host pattern: up to 128 of A-Z a-z 0-9 - . * ?"));
  if (paths.length + hosts.length === 0) {
    entry.problem("route", raw, "must name at least one path or host pattern (or be { default: true })");
  }
  if (paths.length + hosts.length > MAX_CONDITION_VALUES) {
    entry.problem("route", raw, `may have at most ${MAX_CONDITION_VALUES} path and host patterns together (an ALB rule's condition values)`);
  }
  if (raw.priority === undefined) {
    entry.problem("route.priority", null, `is required: a whole number from ${RULE_PRIORITY_RANGE.min} to ${RULE_PRIORITY_RANGE.max}, unique on the listener`);
  }
  const priority = entry.integer("priority", Number.NaN, RULE_PRIORITY_RANGE, raw, "route.");
  return { kind: "rule", paths, hosts, priority };
}

function readScaling(entry: EntryReader, raw: unknown, defaults: CatalogDefaults): ServiceScaling {
  const fields: Json = raw === undefined ? {} : isObject(raw) ? raw : {};
  if (raw !== undefined && !isObject(raw)) {
    entry.problem("scaling", raw, `must be an object of ${SCALING_FIELDS.join(", ")}`);
  }
  Object.keys(fields)
    .filter((k) => !(SCALING_FIELDS as readonly string[]).includes(k))
    .forEach((k) => entry.problem(`scaling.${k}`, fields[k], `is not a scaling field; use ${SCALING_FIELDS.join(", ")}`));
  const read = (field: (typeof SCALING_FIELDS)[number]) => entry.integer(field, defaults.scaling[field], SCALING_RANGES[field], fields, "scaling.");
  const configuredMin = read("minTasks");
  const maxTasks = read("maxTasks");
  // Both from the layer keys: config.ts already checks minTasks against maxTasks (one error per mistake).
  const ownRange = fields.minTasks !== undefined || fields.maxTasks !== undefined;
  if (ownRange && configuredMin > maxTasks) {
    entry.problem("scaling.minTasks", configuredMin, `must not exceed scaling.maxTasks (${maxTasks})`);
  }
  return {
    minTasks: defaults.profileMinTasks ?? configuredMin,
    maxTasks,
    onDemandBaseTasks: read("onDemandBaseTasks"),
    cpuTargetPercent: read("cpuTargetPercent"),
    memoryTargetPercent: read("memoryTargetPercent"),
  };
}

function readSize(entry: EntryReader, defaults: CatalogDefaults): { cpu: number; memory: number } {
  const cpu = entry.integer("cpu", defaults.cpu, { min: REQUIREMENTS.minTaskCpuUnits, max: Number.MAX_SAFE_INTEGER }, undefined, "", " (the requirements' 2 vCPU)");
  const memory = entry.integer("memory", defaults.memory, { min: REQUIREMENTS.minTaskMemoryMiB, max: Number.MAX_SAFE_INTEGER }, undefined, "", " (the requirements' 4 GB)");
  // A pair taken whole from taskCpu/taskMemory was checked there (one error per mistake).
  const own = entry.has("cpu") || entry.has("memory");
  if (own && Number.isInteger(cpu) && Number.isInteger(memory)) {
    const size = fargateSizeProblem(cpu, memory);
    if (size) {
      entry.problem(size.key === "taskCpu" ? "cpu" : "memory", size.value, size.rule.replace("taskCpu", "cpu"));
    }
  }
  return { cpu, memory };
}

function readEntry(reader: ConfigReader, index: number, raw: unknown, defaults: CatalogDefaults): CatalogEntry | undefined {
  if (!isObject(raw)) {
    reader.problem(`${SERVICES_KEY}[${index}]`, raw, "must be an object with at least name and reach");
    return undefined;
  }
  const name = typeof raw.name === "string" ? raw.name : "";
  const entry = new EntryReader(reader, `${SERVICES_KEY}[${index}] (${name || "unnamed"})`, raw);
  Object.keys(raw)
    .filter((k) => !(ENTRY_FIELDS as readonly string[]).includes(k))
    .forEach((k) => entry.problem(k, raw[k], `is not a service field; use ${ENTRY_FIELDS.join(", ")}`));

  if (!SERVICE_NAME.test(name)) {
    entry.problem("name", raw.name ?? null, "must be lowercase letters, digits and single hyphens, starting with a letter (^[a-z][a-z0-9-]*$, no trailing or double hyphen)");
  }
  const reach = raw.reach as ServiceReach;
  if (!SERVICE_REACHES.includes(reach)) {
    entry.problem("reach", raw.reach ?? null, `must be one of ${SERVICE_REACHES.join(", ")}`);
  }
  if (SERVICE_NAME.test(name)) {
    for (const [kind, base] of servicePhysicalBases(name, reach)) {
      const full = `${base}-${defaults.environmentSuffix}`;
      const limit = NAME_RULES[kind].maxLength;
      if (full.length > limit) {
        entry.problem("name", name, `makes the ${kind} name '${full}' ${full.length} characters, over AWS's ${limit}`);
      }
    }
    if (name.length > MAX_LABEL_LENGTH) {
      entry.problem("name", name, `must be at most ${MAX_LABEL_LENGTH} characters (its DNS name and database user)`);
    }
  }

  const { cpu, memory } = readSize(entry, defaults);
  const listens = reach === "public" || reach === "internal";
  let port = 0;
  let healthPath = "";
  if (listens) {
    if (!entry.has("port")) {
      entry.problem("port", null, `is required for a ${reach} service: a whole number from ${SERVICE_PORT_RANGE.min} to ${SERVICE_PORT_RANGE.max}`);
    }
    port = entry.integer("port", Number.NaN, SERVICE_PORT_RANGE);
    healthPath = typeof raw.healthPath === "string" || raw.healthPath === undefined ? String(raw.healthPath ?? defaults.healthPath) : "";
    // A defaulted path is healthCheckPath, which config.ts checks.
    if (entry.has("healthPath") && !HEALTH_PATH.test(healthPath)) {
      entry.problem("healthPath", raw.healthPath, "must be an absolute URL path such as /health");
    }
  } else if (reach === "worker") {
    for (const field of ["port", "healthPath", "route"]) {
      if (entry.has(field)) {
        entry.problem(field, raw[field], "a worker is reached by nothing: it has no port, health path or route");
      }
    }
  }
  let route: ServiceRoute | undefined;
  if (reach === "public") {
    route = readRoute(entry, raw.route);
  } else if (reach === "internal" && entry.has("route")) {
    entry.problem("route", raw.route, "only a public service has an ALB route; an internal one is reached by its callers");
  }

  const grants = entry.stringList("grants");
  grants
    .filter((g) => !(GRANTS as readonly string[]).includes(g))
    .forEach((g) => entry.problem("grants[]", g, `is not a grant: one of ${GRANTS.join(", ")}`));
  const calls = entry.stringList("calls");
  return {
    name,
    cpu,
    memory,
    reach,
    port,
    healthPath,
    ...(route === undefined ? {} : { route }),
    scaling: readScaling(entry, raw.scaling, defaults),
    grants: grants.filter((g): g is Grant => (GRANTS as readonly string[]).includes(g)),
    calls,
  };
}

/** Rules across entries: unique names, calls that resolve, one default route, no two rules alike. */
function checkCatalog(reader: ConfigReader, entries: ReadonlyArray<CatalogEntry | undefined>): void {
  const label = (i: number) => `${SERVICES_KEY}[${i}] (${entries[i]?.name})`;
  const byName = new Map<string, CatalogEntry>();
  entries.forEach((e, i) => {
    if (e === undefined) return;
    if (byName.has(e.name)) {
      reader.problem(`${label(i)}.name`, e.name, "must be unique in the catalog (it is part of every physical name)");
    }
    byName.set(e.name, e);
  });
  entries.forEach((e, i) => {
    if (e === undefined) return;
    for (const callee of e.calls) {
      const target = byName.get(callee);
      if (callee === e.name) {
        reader.problem(`${label(i)}.calls[]`, callee, "a service does not call itself");
      } else if (target === undefined) {
        reader.problem(`${label(i)}.calls[]`, callee, `is not a service in the catalog (${[...byName.keys()].join(", ")})`);
      } else if (target.reach === "worker") {
        reader.problem(`${label(i)}.calls[]`, callee, "is a worker: it has no port, so nothing can call it");
      }
    }
  });
  const publics = entries.map((e, i) => [e, i] as const).filter(([e]) => e?.reach === "public" && e.route !== undefined);
  const defaults = publics.filter(([e]) => e?.route?.kind === "default");
  if (publics.length > 0 && defaults.length !== 1) {
    reader.problem(
      SERVICES_KEY,
      defaults.map(([e]) => e?.name),
      "exactly one public service must have route { default: true } (the listener's default action)",
    );
  }
  const seen = new Map<string, string>();
  for (const [e, i] of publics) {
    const route = e?.route;
    if (route?.kind !== "rule") continue;
    const keys = [
      ...(Number.isInteger(route.priority) ? [[`priority ${route.priority}`, "route.priority", route.priority] as const] : []),
      ...route.paths.map((p) => [`path ${p}`, "route.paths[]", p] as const),
      ...route.hosts.map((h) => [`host ${h}`, "route.hosts[]", h] as const),
    ];
    for (const [key, field, value] of keys) {
      const owner = seen.get(key);
      if (owner !== undefined) {
        reader.problem(`${label(i)}.${field}`, value, `is already used by ${owner}: each rule needs its own ${key.split(" ")[0]}`);
      } else {
        seen.set(key, String(e?.name));
      }
    }
  }
}

/**
 * The validated catalog. A missing, malformed or empty `services` is a problem like any other, so the
 * caller's `done()` reports it with the rest; what returns is only the entries that parsed.
 */
export function readServiceCatalog(reader: ConfigReader, defaults: CatalogDefaults): CatalogEntry[] {
  const text = reader.optionalString(SERVICES_KEY);
  let parsed: unknown;
  try {
    parsed = text === undefined ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!Array.isArray(parsed)) {
    reader.problem(SERVICES_KEY, parsed ?? null, "must be a list of service objects (Pulumi.yaml declares the default catalog)");
    return [];
  }
  if (parsed.length === 0) {
    reader.problem(SERVICES_KEY, parsed, "must list at least one service: an empty catalog runs nothing");
    return [];
  }
  const entries = parsed.map((raw, i) => readEntry(reader, i, raw, defaults));
  checkCatalog(reader, entries);
  return entries.filter((e): e is CatalogEntry => e !== undefined);
}

/** Per-service image tags (`imageTags.<service>`), each a known service and a valid tag or digest. */
export function readImageTags(reader: ConfigReader, services: readonly CatalogEntry[], tagPattern: RegExp, tagRule: string): Record<string, string> {
  const text = reader.optionalString("imageTags") ?? "{}";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!isObject(parsed)) {
    reader.problem("imageTags", parsed, "must be an object of <service>: <tag or sha256:digest>");
    return {};
  }
  const names = services.map((s) => s.name);
  const tags: Record<string, string> = {};
  for (const [service, tag] of Object.entries(parsed)) {
    if (!names.includes(service)) {
      reader.problem(`imageTags.${service}`, tag, `names no service in the catalog (${names.join(", ")})`);
    } else if (typeof tag !== "string" || !tagPattern.test(tag)) {
      reader.problem(`imageTags.${service}`, tag, tagRule);
    } else {
      tags[service] = tag;
    }
  }
  return tags;
}
