import {
  ConfigReader,
  ConfigSource,
  LayerConfig,
  NetworkRole,
  Profile,
  REQUIREMENTS,
  loadLayerConfig,
  networkRole,
  readProfile,
  readSharedNetworkStack,
} from "@fin/config";
import { cidrProblem, vpcCidrProblem } from "./cidr";
import {
  INTERFACE_ENDPOINT_SERVICES,
  InterfaceEndpointService,
  REQUIRED_INTERFACE_ENDPOINTS,
} from "./endpoint-services";

export interface NetworkSettings {
  /** The environment profile (ADR 0014); tagged on every resource, and it decides the role. */
  readonly profile: Profile;
  /** `sharedNetworkStack` as configured ("" = SHARED_NETWORK_STACK for an ephemeral stack). */
  readonly sharedNetworkStack: string;
  /** Host: the VPC and everything in it. Guest: only this environment's groups in the host's VPC (ADR 0019). */
  readonly role: NetworkRole;
  /** IPv4 CIDR of the VPC, /16 to /24 in an RFC 1918 range. */
  readonly vpcCidr: string;
  /** Exactly REQUIREMENTS.availabilityZoneCount distinct AZs of the configured region, in subnet order. */
  readonly availabilityZones: string[];
  /** Who may reach the ALB on 443 and 80. */
  readonly albIngressCidrs: string[];
  /** The container port tasks listen on (>= 1024: containers run as a non-root user). */
  readonly appPort: number;
  /** The port Aurora PostgreSQL listens on. */
  readonly databasePort: number;
  /** Short service names of the interface endpoints ("ecr.api", "logs", ...). */
  readonly interfaceEndpoints: InterfaceEndpointService[];
}

export type NetworkConfig = LayerConfig & NetworkSettings;

// Ports below 1024 need root inside the container, which the compute layer does not grant.
const APP_PORT_RULE = { integer: true, min: 1024, max: 65535 } as const;
// The RDS API accepts 1150-65535 for a DB cluster port.
const DATABASE_PORT_RULE = { integer: true, min: 1150, max: 65535 } as const;

/** True when the raw value is what `stringList` accepts, so list rules do not pile onto its parse error. */
const isStringList = (raw: string | undefined): boolean => {
  try {
    const parsed: unknown = JSON.parse(raw ?? "");
    return Array.isArray(parsed) && parsed.every((v) => typeof v === "string");
  } catch {
    return false;
  }
};

/** The list under `key`, or undefined when it is missing or not a list of strings (already reported). */
function readList(reader: ConfigReader, key: string): string[] | undefined {
  const values = reader.stringList(key);
  return isStringList(reader.optionalString(key)) ? values : undefined;
}

const duplicates = (values: readonly string[]): string[] => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];

function readVpcCidr(reader: ConfigReader): string {
  const value = reader.string("vpcCidr");
  const problem = value === "" ? undefined : vpcCidrProblem(value);
  if (problem) {
    reader.problem("vpcCidr", value, problem);
  }
  return value;
}

function readAvailabilityZones(reader: ConfigReader): string[] {
  const key = "availabilityZones";
  const zones = readList(reader, key);
  // aws:region is validated with the common keys; here it only scopes the AZ names.
  const region = reader.optionalString("aws:region");
  if (zones === undefined) {
    return [];
  }
  const count = REQUIREMENTS.availabilityZoneCount;
  reader.check(zones.length === count, key, zones, `must list exactly ${count} availability zones`);
  reader.check(duplicates(zones).length === 0, key, zones, "must not repeat an availability zone");
  if (region !== undefined) {
    zones
      .filter((zone) => !(zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length))))
      .forEach((zone) => reader.problem(`${key}[]`, zone, `must be an availability zone of ${region} (${region}a, ${region}b, ...)`));
  }
  return zones;
}

function readAlbIngressCidrs(reader: ConfigReader): string[] {
  const key = "albIngressCidrs";
  const cidrs = readList(reader, key);
  if (cidrs === undefined) {
    return [];
  }
  reader.check(cidrs.length > 0, key, cidrs, "must list at least one CIDR block (the ALB is the only way in)");
  reader.check(duplicates(cidrs).length === 0, key, cidrs, "must not repeat a CIDR block (AWS rejects duplicate rules)");
  for (const cidr of cidrs) {
    const problem = cidrProblem(cidr);
    if (problem) {
      reader.problem(`${key}[]`, cidr, problem);
    }
  }
  return cidrs;
}

function readInterfaceEndpoints(reader: ConfigReader): InterfaceEndpointService[] {
  const key = "interfaceEndpoints";
  const services = readList(reader, key);
  if (services === undefined) {
    return [];
  }
  services
    .filter((s) => !(INTERFACE_ENDPOINT_SERVICES as string[]).includes(s))
    .forEach((s) => reader.problem(`${key}[]`, s, `must be one of ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`));
  reader.check(duplicates(services).length === 0, key, services, "must not repeat a service");
  const missing = REQUIRED_INTERFACE_ENDPOINTS.filter((s) => !services.includes(s));
  reader.check(
    missing.length === 0,
    key,
    services,
    `must include ${REQUIRED_INTERFACE_ENDPOINTS.join(", ")}: without them Fargate tasks in subnets with no NAT cannot pull images or ship logs`,
  );
  return services as InterfaceEndpointService[];
}

/** Reads the network layer's own keys; every problem is collected, none thrown here. */
export function readNetworkSettings(reader: ConfigReader): NetworkSettings {
  const profile = readProfile(reader);
  const sharedNetworkStack = readSharedNetworkStack(reader, profile);
  return {
    profile,
    sharedNetworkStack,
    role: networkRole(reader.stack, profile, sharedNetworkStack),
    vpcCidr: readVpcCidr(reader),
    availabilityZones: readAvailabilityZones(reader),
    albIngressCidrs: readAlbIngressCidrs(reader),
    appPort: reader.number("appPort", APP_PORT_RULE),
    databasePort: reader.number("databasePort", DATABASE_PORT_RULE),
    interfaceEndpoints: readInterfaceEndpoints(reader),
  };
}

/** The only place the network layer reads configuration; throws one error listing every problem. */
export function loadNetworkConfig(source?: ConfigSource, env?: Readonly<Record<string, string | undefined>>): NetworkConfig {
  return loadLayerConfig("network", readNetworkSettings, source, env);
}
