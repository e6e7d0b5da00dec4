import { ConfigReader, ConfigSource, LayerConfig, PROFILE_SHAPES, Profile, REQUIREMENTS, loadLayerConfig, readProfile } from "@fin/config";
import { type CatalogEntry, readImageTags, readServiceCatalog } from "./catalog";
import { fargateSizeProblem } from "./fargate";

/** Both run on Fargate Spot (ARM64 from platform version 1.4.0). */
export const CPU_ARCHITECTURES = ["X86_64", "ARM64"] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** The compute layer's own settings, validated together with the common keys. */
export interface ComputeSettings {
  /** The service catalog (ADR 0017); entries fall back to the single-service keys below for what they omit. */
  readonly services: readonly CatalogEntry[];
  /** Per-service image tags; a service without one runs `imageTag`. */
  readonly imageTags: Readonly<Record<string, string>>;
  /** The environment profile (ADR 0014): ephemeral runs the minimum task count. */
  readonly profile: Profile;
  readonly taskCpu: number;
  readonly taskMemory: number;
  /** The configured floor, or the profile's (ephemeral: 1). */
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly onDemandBaseTasks: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  /** A tag, or `sha256:<digest>`, in this layer's ECR repository. */
  readonly imageTag: string;
  readonly containerUser: string;
  readonly healthCheckPath: string;
  /** CMD-form container health check; empty: none (the ALB's check on healthCheckPath decides). */
  readonly containerHealthCheckCommand: readonly string[];
  readonly cpuArchitecture: CpuArchitecture;
  readonly healthCheckGracePeriodSeconds: number;
  /** Unset (config "" or absent): HTTP-only listener (dev). */
  readonly certificateArn?: string;
  readonly waitForSteadyState: boolean;
  /** Production: a certificate is mandatory, so the ALB never serves plain HTTP. */
  readonly requireHttps: boolean;
}

export type ComputeConfig = LayerConfig & ComputeSettings;

// Docker's tag grammar, or an image digest (immutable by construction).
const IMAGE_TAG = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[a-f0-9]{64})$/;
const IMAGE_TAG_RULE = "must be a non-empty image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>";
// A numeric UID (and optional GID) other than 0: names resolve only if the image defines them.
const NON_ROOT_USER = /^[1-9][0-9]*(?::[0-9]+)?$/;
const HEALTH_PATH = /^\/[A-Za-z0-9._~/-]{0,1023}$/;
const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z]{2}(?:-gov)?-[a-z]+-\d):\d{12}:certificate\/[0-9a-f-]{36}$/;
// The first element of an ECS HealthCheck command names its form; this key holds only the command.
const HEALTH_CHECK_FORMS = ["CMD", "CMD-SHELL", "NONE"];

/**
 * `certificateArn`, or undefined when it is unset or "". Pulumi.yaml declares it with `default: ""`
 * because the CLI refuses a typed project key with no default that a stack does not set
 * (pulumi/pulumi pkg/workspace/config.go, mergeConfig: "Stack '<s>' is missing configuration value").
 * So "" means "no certificate" here, and only a non-empty value is checked against the ACM pattern.
 */
function readCertificateArn(reader: ConfigReader, region: string): string | undefined {
  const value = reader.optionalString("certificateArn");
  if (value === undefined || value === "") {
    return undefined;
  }
  reader.check(ACM_ARN.test(value), "certificateArn", value, `must be an ACM certificate ARN (arn:aws:acm:${region}:<account>:certificate/<id>)`);
  return value;
}

/** The container health check's arguments: non-empty strings, without a form keyword (CMD is added). */
function readHealthCheckCommand(reader: ConfigReader): string[] {
  const command = reader.stringList("containerHealthCheckCommand", { pattern: /\S/, rule: "must be a non-empty string" });
  reader.check(
    !HEALTH_CHECK_FORMS.includes(command[0]),
    "containerHealthCheckCommand",
    command,
    "must be the command and its arguments only: it always runs in CMD (exec) form, without a shell, so do not start it with CMD, CMD-SHELL or NONE",
  );
  return command;
}

/** Reads and validates the compute keys; every problem is reported by `done()` together. */
export function readComputeSettings(reader: ConfigReader, region: string, environmentSuffix: string): ComputeSettings {
  const profile = readProfile(reader);
  const taskCpu = reader.number("taskCpu", { integer: true, min: REQUIREMENTS.minTaskCpuUnits });
  const taskMemory = reader.number("taskMemory", { integer: true, min: REQUIREMENTS.minTaskMemoryMiB });
  // Only a pair that passed the floor is checked against Fargate's table: one error per mistake.
  const aboveFloor = taskCpu >= REQUIREMENTS.minTaskCpuUnits && taskMemory >= REQUIREMENTS.minTaskMemoryMiB;
  if (aboveFloor && Number.isInteger(taskCpu) && Number.isInteger(taskMemory)) {
    const size = fargateSizeProblem(taskCpu, taskMemory);
    if (size) {
      reader.problem(size.key, String(size.value), size.rule);
    }
  }

  const configuredMinTasks = reader.number("minTasks", { integer: true, min: 1, max: 100 });
  // An ephemeral environment runs one task whatever the file says; autoscaling may still add more.
  const minTasks = PROFILE_SHAPES[profile].minTasks ?? configuredMinTasks;
  const maxTasks = reader.number("maxTasks", { integer: true, min: 1, max: 100 });
  reader.check(!(configuredMinTasks > maxTasks), "minTasks", String(configuredMinTasks), `must not exceed maxTasks (${maxTasks})`);

  const certificateArn = readCertificateArn(reader, region);
  const certificateRegion = certificateArn === undefined ? undefined : ACM_ARN.exec(certificateArn)?.[1];
  reader.check(
    certificateRegion === undefined || certificateRegion === region,
    "certificateArn",
    certificateArn,
    `must be in the load balancer's region ${region}`,
  );
  const requireHttps = reader.boolean("requireHttps");
  reader.check(
    certificateArn !== undefined || !requireHttps,
    "certificateArn",
    "",
    "must be set when requireHttps is true (production serves HTTPS only; set it with pulumi config set certificateArn <acm-arn>)",
  );

  const onDemandBaseTasks = reader.number("onDemandBaseTasks", { integer: true, min: 0, max: 100 });
  const cpuTargetPercent = reader.number("cpuTargetPercent", { min: 10, max: 90 });
  const memoryTargetPercent = reader.number("memoryTargetPercent", { min: 10, max: 90 });
  const healthCheckPath = reader.string("healthCheckPath", HEALTH_PATH, "must be an absolute URL path such as /health");
  const imageTag = reader.string("imageTag", IMAGE_TAG, IMAGE_TAG_RULE);
  const services = readServiceCatalog(reader, {
    cpu: taskCpu,
    memory: taskMemory,
    healthPath: healthCheckPath,
    scaling: { minTasks: configuredMinTasks, maxTasks, onDemandBaseTasks, cpuTargetPercent, memoryTargetPercent },
    profileMinTasks: PROFILE_SHAPES[profile].minTasks,
    environmentSuffix,
  });

  return {
    services,
    imageTags: readImageTags(reader, services, IMAGE_TAG, IMAGE_TAG_RULE),
    profile,
    taskCpu,
    taskMemory,
    minTasks,
    maxTasks,
    onDemandBaseTasks,
    cpuTargetPercent,
    memoryTargetPercent,
    imageTag,
    containerUser: reader.string("containerUser", NON_ROOT_USER, "must be a numeric non-root UID[:GID] (not 0)"),
    healthCheckPath,
    containerHealthCheckCommand: readHealthCheckCommand(reader),
    cpuArchitecture: reader.oneOf("cpuArchitecture", CPU_ARCHITECTURES),
    healthCheckGracePeriodSeconds: reader.number("healthCheckGracePeriodSeconds", { integer: true, min: 0, max: 1800 }),
    ...(certificateArn === undefined ? {} : { certificateArn }),
    waitForSteadyState: reader.boolean("waitForSteadyState"),
    requireHttps,
  };
}

/** The only place the compute layer reads configuration; throws before any resource is declared. */
export function loadComputeConfig(source?: ConfigSource, env?: Readonly<Record<string, string | undefined>>): ComputeConfig {
  // The common keys already validated aws:region; read it quietly for the certificate region check.
  return loadLayerConfig("compute", (reader, layer) => readComputeSettings(reader, reader.optionalString("aws:region") ?? "", layer.environmentSuffix), source, env);
}
