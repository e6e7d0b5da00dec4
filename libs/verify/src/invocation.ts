import * as path from "node:path";
import { Layer, REQUIREMENTS } from "@fin/config";

/**
 * What `integration` and `audit` both take: `<stackDir> --stack=<env> [--dist=<dir>] [--<flag>=...]`,
 * and the AWS target from the environment (`AWS_REGION`, `AWS_ENDPOINT_URL` for moto_server). Each
 * CLI validates the parts it needs with its own usage message.
 */
export interface LayerInvocation {
  readonly flags: ReadonlyMap<string, string | undefined>;
  readonly positional: readonly string[];
  readonly stack: string | undefined;
  /** The basename of the stack directory; not yet checked against LAYERS. */
  readonly layer: Layer;
  readonly distRoot: string;
  readonly region: string;
  readonly endpoint: string | undefined;
}

export function parseLayerInvocation(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, workspaceRoot: string): LayerInvocation {
  const flags = new Map(argv.filter((a) => a.startsWith("--")).map((a) => a.slice(2).split("=") as [string, string | undefined]));
  const positional = argv.filter((a) => !a.startsWith("--"));
  return {
    flags,
    positional,
    stack: flags.get("stack"),
    layer: path.basename(positional[0] ?? "") as Layer,
    distRoot: path.resolve(workspaceRoot, flags.get("dist") ?? "dist"),
    region: env.AWS_REGION || REQUIREMENTS.region,
    endpoint: env.AWS_ENDPOINT_URL || undefined,
  };
}
