// A shared network for ephemeral environments (issue 18, ADR 0019): a pr-<n> environment's network
// layer may be a guest of a host stack (pr-shared) whose VPC and endpoints it uses. The guest's own
// plans hold only its two security groups, so the host's cost lives in the host's plans,
// dist/<host>/{security,network}/, and is priced apart.
import * as fs from "node:fs";
import { LAYERS, SHARED_NETWORK_LAYERS, type Layer } from "@fin/config";
import { LAYER_PROJECTS } from "@fin/contracts";
import { PLAN_FILES, layerDir, readLayer, type Environment } from "@fin/plan";

/** The layers a shared network host is made of (the contract of issue 18: no data, no compute). */
export const HOST_LAYERS: readonly Layer[] = SHARED_NETWORK_LAYERS;

const NETWORK_REFERENCE = new RegExp(`(?:^|/)${LAYER_PROJECTS.network}/([^/]+)$`);

/**
 * The stack whose network this environment's network layer reads: a guest network declares a
 * StackReference `<org>/fin-network/<host>` (the contract's readNetwork of the host). Undefined when
 * the environment owns its network (its network layer references no other network stack).
 */
export function networkHost(env: Environment): string | undefined {
  const network = env.layers.find((l) => l.layer === "network");
  for (const reference of network?.stackReferences ?? []) {
    const host = NETWORK_REFERENCE.exec(reference)?.[1];
    if (host !== undefined && host !== env.stack) {
      return host;
    }
  }
  return undefined;
}

/** The host's synthesized layers, `<distRoot>/<host>/{security,network}/`, read and validated as any plan. */
export function readHostEnvironment(distRoot: string, host: string, root: string): Environment {
  return { stack: host, layers: HOST_LAYERS.map((layer) => readLayer(distRoot, host, layer, root)) };
}

/** A stack synthesized with the host's layers and none of the others (`npm run synth -- --stack=pr-shared`). */
export function isHostOnly(distRoot: string, stack: string): boolean {
  const has = (layer: string): boolean => fs.existsSync(`${layerDir(distRoot, stack, layer)}/${PLAN_FILES.preview}`);
  return HOST_LAYERS.every(has) && LAYERS.filter((l) => !HOST_LAYERS.includes(l)).every((l) => !has(l));
}
