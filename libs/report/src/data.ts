import * as fs from "node:fs";

/** Every unit price the estimator reads; the price file must carry each one (and no other). */
export const PRICE_KEYS = [
  "vpcInterfaceEndpointHour",
  "vpcInterfaceEndpointGb",
  "natGatewayHour",
  "natGatewayGb",
  "publicIpv4Hour",
  "fargateVcpuHour",
  "fargateGbHour",
  "fargateSpotVcpuHour",
  "fargateSpotGbHour",
  "auroraServerlessV2AcuHour",
  "auroraStorageGbMonth",
  "auroraIoOptimizedStorageGbMonth",
  "auroraIoMillion",
  "auroraBackupGbMonth",
  "albHour",
  "albLcuHour",
  "kmsKeyMonth",
  "kmsRequests10k",
  "logsIngestGb",
  "logsStorageGbMonth",
  "cloudwatchAlarmMonth",
  "kinesisOnDemandStreamHour",
  "kinesisOnDemandIngestGb",
  "kinesisOnDemandRetrievalGb",
  "kinesisOnDemandExtendedRetentionGbMonth",
  "kinesisShardHour",
  "kinesisPutUnitsMillion",
  "kinesisExtendedRetentionShardHour",
  "secretsManagerSecretMonth",
  "secretsManagerApi10k",
  "ecrStorageGbMonth",
  "s3StandardGbMonth",
  "s3GlacierFlexibleGbMonth",
  "s3GlacierInstantGbMonth",
  "s3DeepArchiveGbMonth",
  "s3Put1k",
  "s3Get1k",
  "backupWarmGbMonth",
] as const;
export type PriceKey = (typeof PRICE_KEYS)[number];

export interface Price {
  readonly usd: number;
  readonly unit: string;
  /** The day the figure was read (YYYY-MM-DD). */
  readonly readOn: string;
  /** The AWS pricing page it was read from. */
  readonly source: string;
  /** false: the stored pricing pages did not show this figure for the region; see `note`. */
  readonly confirmed: boolean;
  readonly note?: string;
}

export interface InstanceClassPrice extends Price {
  readonly memoryGiB: number;
}

export interface PriceBook {
  readonly file: string;
  readonly region: string;
  readonly version: string;
  readonly prices: Readonly<Record<PriceKey, Price>>;
  readonly auroraInstanceClasses: Readonly<Record<string, InstanceClassPrice>>;
  /** Resource types AWS does not bill by themselves, with the reason shown in the report. */
  readonly freeTypes: Readonly<Record<string, string>>;
}

/** Usage assumptions; each has a validation rule below. */
export interface Assumptions {
  readonly hoursPerMonth: number;
  readonly interfaceEndpointGbPerMonth: number;
  readonly s3GatewayGbPerMonth: number;
  readonly auroraAcuUtilization: number;
  readonly auroraStorageGb: number;
  readonly auroraIoMillionsPerMonth: number;
  readonly auroraBackupGb: number;
  readonly backupVaultGb: number;
  readonly s3StandardGbPerBucket: number;
  readonly s3GlacierGbPerBucket: number;
  readonly s3PutRequestsPerBucket: number;
  readonly s3GetRequestsPerBucket: number;
  readonly logIngestGbPerGroup: number;
  readonly kinesisIngestGbPerMonth: number;
  readonly kinesisRetrievalGbPerMonth: number;
  readonly albAverageLcu: number;
  readonly kmsRequestsPerKey: number;
  readonly secretsApiCallsPerSecret: number;
  readonly ecrStorageGbPerRepository: number;
  readonly containerInsightsGbPerCluster: number;
  /** null: use the Spot prices of the price file; a fraction: Spot = on demand x (1 - discount). */
  readonly spotDiscount: number | null;
}

interface AssumptionRule {
  readonly min: number;
  readonly max?: number;
  readonly nullable?: boolean;
}

const QUANTITY: AssumptionRule = { min: 0 };
const FRACTION: AssumptionRule = { min: 0, max: 1 };

export const ASSUMPTION_RULES: Readonly<Record<keyof Assumptions, AssumptionRule>> = {
  // A month has at most 744 hours (31 days).
  hoursPerMonth: { min: 1, max: 744 },
  interfaceEndpointGbPerMonth: QUANTITY,
  s3GatewayGbPerMonth: QUANTITY,
  auroraAcuUtilization: FRACTION,
  auroraStorageGb: QUANTITY,
  auroraIoMillionsPerMonth: QUANTITY,
  auroraBackupGb: QUANTITY,
  backupVaultGb: QUANTITY,
  s3StandardGbPerBucket: QUANTITY,
  s3GlacierGbPerBucket: QUANTITY,
  s3PutRequestsPerBucket: QUANTITY,
  s3GetRequestsPerBucket: QUANTITY,
  logIngestGbPerGroup: QUANTITY,
  kinesisIngestGbPerMonth: QUANTITY,
  kinesisRetrievalGbPerMonth: QUANTITY,
  albAverageLcu: QUANTITY,
  kmsRequestsPerKey: QUANTITY,
  secretsApiCallsPerSecret: QUANTITY,
  ecrStorageGbPerRepository: QUANTITY,
  containerInsightsGbPerCluster: QUANTITY,
  // Spot can be free of charge in theory (1 excluded would be absurd, but 0.99 is allowed).
  spotDiscount: { min: 0, max: 0.99, nullable: true },
};

/** Thrown for a malformed price or assumptions file: one message naming the file, each key and its rule. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
  ) {
    super(`${file} is invalid:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "DataFileError";
  }
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: Json): string => (v === undefined ? "missing" : JSON.stringify(v));

function readJson(file: string): Json {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new DataFileError(file, ["(file) cannot be read: it must exist"]);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new DataFileError(file, [`(file) is not valid JSON: ${(error as Error).message}`]);
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AWS_PAGE = /^https:\/\/aws\.amazon\.com\/\S+$/;
const RESOURCE_TYPE = /^aws:[a-zA-Z0-9]+\/[a-zA-Z0-9]+:[A-Za-z0-9]+$/;

function checkPrice(key: string, entry: Json, issues: string[], extra: readonly string[] = []): void {
  if (!isObject(entry)) {
    issues.push(`${key} ${show(entry)}: must be an object with usd, unit, readOn, source and confirmed`);
    return;
  }
  const rules: [string, (v: Json) => boolean, string][] = [
    ["usd", (v) => typeof v === "number" && Number.isFinite(v) && v >= 0, "must be a number >= 0"],
    ["unit", (v) => typeof v === "string" && v.trim() !== "", "must be a non-empty string"],
    ["readOn", (v) => typeof v === "string" && DATE.test(v) && !Number.isNaN(Date.parse(v)), "must be the date the price was read (YYYY-MM-DD)"],
    ["source", (v) => typeof v === "string" && AWS_PAGE.test(v), "must be the https://aws.amazon.com/... pricing page it was read from"],
    ["confirmed", (v) => typeof v === "boolean", "must be true or false"],
    ["note", (v) => v === undefined || typeof v === "string", "must be a string when present"],
    ["memoryGiB", (v) => !extra.includes("memoryGiB") || (typeof v === "number" && v > 0), "must be a number > 0"],
  ];
  for (const [field, ok, rule] of rules) {
    if (!ok(entry[field])) {
      issues.push(`${key}.${field} ${show(entry[field])}: ${rule}`);
    }
  }
}

/** Reads and validates the price file; every problem is reported at once. */
export function loadPriceBook(file: string, expectedRegion: string): PriceBook {
  const raw = readJson(file);
  const issues: string[] = [];
  if (!isObject(raw)) {
    throw new DataFileError(file, [`(file) ${show(raw)}: must be a JSON object`]);
  }
  if (raw["schemaVersion"] !== 1) {
    issues.push(`schemaVersion ${show(raw["schemaVersion"])}: must be 1`);
  }
  if (raw["region"] !== expectedRegion) {
    issues.push(`region ${show(raw["region"])}: must be ${expectedRegion}, the region the plans deploy to`);
  }
  if (raw["currency"] !== "USD") {
    issues.push(`currency ${show(raw["currency"])}: must be USD`);
  }
  if (typeof raw["version"] !== "string" || raw["version"] === "") {
    issues.push(`version ${show(raw["version"])}: must be a non-empty string`);
  }
  const prices = isObject(raw["prices"]) ? raw["prices"] : undefined;
  if (!prices) {
    issues.push(`prices ${show(raw["prices"])}: must be an object keyed by price name`);
  } else {
    for (const key of PRICE_KEYS) {
      checkPrice(`prices.${key}`, prices[key], issues);
    }
    for (const key of Object.keys(prices).filter((k) => !(PRICE_KEYS as readonly string[]).includes(k))) {
      issues.push(`prices.${key}: is not a price the estimator reads (known: ${PRICE_KEYS.join(", ")})`);
    }
  }
  const classes = isObject(raw["auroraInstanceClasses"]) ? raw["auroraInstanceClasses"] : undefined;
  if (!classes || Object.keys(classes).length === 0) {
    issues.push(`auroraInstanceClasses ${show(raw["auroraInstanceClasses"])}: must map at least one db.* class to its price`);
  } else {
    for (const [name, entry] of Object.entries(classes)) {
      if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(name)) {
        issues.push(`auroraInstanceClasses.${name}: must be an instance class name like db.r6g.large`);
      }
      checkPrice(`auroraInstanceClasses.${name}`, entry, issues, ["memoryGiB"]);
    }
  }
  const free = isObject(raw["freeTypes"]) ? raw["freeTypes"] : undefined;
  if (!free) {
    issues.push(`freeTypes ${show(raw["freeTypes"])}: must map resource types to the reason they are free`);
  } else {
    for (const [type, reason] of Object.entries(free)) {
      if (!RESOURCE_TYPE.test(type)) {
        issues.push(`freeTypes.${type}: must be a Pulumi AWS type token like aws:ec2/vpc:Vpc`);
      }
      if (typeof reason !== "string" || reason.trim() === "") {
        issues.push(`freeTypes.${type} ${show(reason)}: must give the reason it is free`);
      }
    }
  }
  if (issues.length > 0) {
    throw new DataFileError(file, issues);
  }
  return {
    file,
    region: raw["region"] as string,
    version: raw["version"] as string,
    prices: prices as unknown as Record<PriceKey, Price>,
    auroraInstanceClasses: classes as unknown as Record<string, InstanceClassPrice>,
    freeTypes: free as Record<string, string>,
  };
}

function assumptionProblem(key: string, value: Json): string | undefined {
  const rule = ASSUMPTION_RULES[key as keyof Assumptions];
  if (!rule) {
    return `is not a known assumption (known: ${Object.keys(ASSUMPTION_RULES).join(", ")})`;
  }
  if (value === null && rule.nullable) {
    return undefined;
  }
  const range = rule.max === undefined ? `>= ${rule.min}` : `between ${rule.min} and ${rule.max}`;
  if (typeof value !== "number" || !Number.isFinite(value) || value < rule.min || (rule.max !== undefined && value > rule.max)) {
    return `must be a number ${range}${rule.nullable ? " or null" : ""}`;
  }
  return undefined;
}

/** One documented assumption as the file holds it. */
export interface AssumptionEntry {
  readonly value: number | null;
  readonly unit: string;
  readonly description: string;
}

export interface AssumptionSet {
  readonly file: string;
  readonly values: Assumptions;
  readonly documented: Readonly<Record<keyof Assumptions, AssumptionEntry>>;
  /** Keys changed for this run, and where the change came from. */
  readonly overridden: Readonly<Record<string, string>>;
}

/** Reads and validates the assumptions file (every key documented, every value within its rule). */
export function loadAssumptions(file: string): AssumptionSet {
  const raw = readJson(file);
  if (!isObject(raw) || !isObject(raw["assumptions"])) {
    throw new DataFileError(file, [`assumptions ${show(isObject(raw) ? raw["assumptions"] : raw)}: must be an object keyed by assumption name`]);
  }
  const issues: string[] = [];
  if (raw["schemaVersion"] !== 1) {
    issues.push(`schemaVersion ${show(raw["schemaVersion"])}: must be 1`);
  }
  const entries = raw["assumptions"];
  const values: Record<string, number | null> = {};
  for (const key of Object.keys(ASSUMPTION_RULES)) {
    if (!(key in entries)) {
      issues.push(`assumptions.${key}: is required (value, unit, description)`);
    }
  }
  for (const [key, entry] of Object.entries(entries)) {
    if (!isObject(entry)) {
      issues.push(`assumptions.${key} ${show(entry)}: must be an object with value, unit and description`);
      continue;
    }
    const problem = assumptionProblem(key, entry["value"]);
    if (problem) {
      issues.push(`assumptions.${key}.value ${show(entry["value"])}: ${problem}`);
    }
    for (const field of ["unit", "description"]) {
      if (typeof entry[field] !== "string" || (entry[field] as string).trim() === "") {
        issues.push(`assumptions.${key}.${field} ${show(entry[field])}: must be a non-empty string`);
      }
    }
    values[key] = entry["value"] as number | null;
  }
  if (issues.length > 0) {
    throw new DataFileError(file, issues);
  }
  return {
    file,
    values: values as unknown as Assumptions,
    documented: entries as unknown as Record<keyof Assumptions, AssumptionEntry>,
    overridden: {},
  };
}

/**
 * Applies `key=value` overrides (from `--assume` flags or the REPORT_ASSUME variable, named by
 * `origin`), with the same rules as the file. `null` is accepted where the rule allows it.
 */
export function overrideAssumptions(set: AssumptionSet, pairs: readonly string[], origin: string): AssumptionSet {
  const issues: string[] = [];
  const values: Record<string, number | null> = { ...set.values };
  const overridden: Record<string, string> = { ...set.overridden };
  for (const pair of pairs) {
    const cut = pair.indexOf("=");
    const key = cut < 0 ? pair : pair.slice(0, cut).trim();
    const text = cut < 0 ? "" : pair.slice(cut + 1).trim();
    if (cut < 0) {
      issues.push(`${key}: must be written key=value`);
      continue;
    }
    const value = text === "null" ? null : text === "" ? Number.NaN : Number(text);
    const problem = assumptionProblem(key, value);
    if (problem) {
      issues.push(`${key} ${JSON.stringify(text)}: ${problem}`);
      continue;
    }
    values[key] = value;
    overridden[key] = origin;
  }
  if (issues.length > 0) {
    throw new DataFileError(origin, issues);
  }
  return { ...set, values: values as unknown as Assumptions, overridden };
}
