import type { ComputeOutputs, ServiceOutputs } from "@fin/contracts";

/** One catalog service as the compute checks judge it: its `services` entry, its name and the shared cluster. */
export interface ServiceTarget extends ServiceOutputs {
  /** The catalog name (the key of `services`, ADR 0017), which every per-service check id ends with. */
  readonly name: string;
  readonly clusterName: string;
}

/** Every service of the deployed `services` output, by name, so the report lists them in a stable order. */
export function serviceTargets(compute: ComputeOutputs): ServiceTarget[] {
  return Object.entries(compute.services)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, service]) => ({ ...service, name, clusterName: compute.clusterName }));
}

/** A per-service check id: the check's own id, then the service (`ecs.service.stable.api`). */
export const serviceCheckId = (id: string, service: ServiceTarget): string => `${id}.${service.name}`;
