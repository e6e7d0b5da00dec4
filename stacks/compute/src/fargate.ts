import { REQUIREMENTS } from "@fin/config";

/** The memory range Fargate accepts for one CPU size (MiB, inclusive, in `step` increments). */
export interface FargateMemoryRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/**
 * Fargate's CPU/memory table for Linux tasks (platform 1.4.0), sizes at or above the
 * requirements' 2 vCPU / 4 GB floor. Anything else fails RegisterTaskDefinition with
 * "No Fargate configuration exists for given values".
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
export const FARGATE_SIZES: Readonly<Record<number, FargateMemoryRange>> = {
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

export const FARGATE_CPU_SIZES = Object.keys(FARGATE_SIZES).map(Number);

/** The problem with a task size, naming the key at fault, or undefined when Fargate accepts it. */
export function fargateSizeProblem(cpu: number, memory: number): { key: "taskCpu" | "taskMemory"; value: number; rule: string } | undefined {
  const range = FARGATE_SIZES[cpu];
  if (!range) {
    return {
      key: "taskCpu",
      value: cpu,
      rule: `must be a Fargate CPU size of at least ${REQUIREMENTS.minTaskCpuUnits} (2 vCPU): one of ${FARGATE_CPU_SIZES.join(", ")}`,
    };
  }
  if (memory < range.min || memory > range.max || (memory - range.min) % range.step !== 0) {
    return {
      key: "taskMemory",
      value: memory,
      rule: `with taskCpu ${cpu}, Fargate allows ${range.min}-${range.max} MiB in steps of ${range.step}`,
    };
  }
  return undefined;
}
