// A shared network for ephemeral environments (issue 18, ADR 0019): a pr-<n> network layer may be a
// guest of a host stack (pr-shared). The guest re-exports the host's VPC, subnets, endpoints and
// flow-log group and owns only its ALB and database security groups, so its live checks judge the
// host's resources against the host's keys (the flow-log group is under the host's logs key, not
// the guest's), and check the re-export and its own groups.
import { LAYER_PROJECTS, type NetworkOutputs, type SecurityOutputs } from "@fin/contracts";
import { readLayer } from "@fin/plan";

/** The host's deployed outputs a guest network's checks need. */
export interface NetworkHost {
  readonly stack: string;
  readonly security: SecurityOutputs;
  readonly network: NetworkOutputs;
}

const NETWORK_REFERENCE = new RegExp(`(?:^|/)${LAYER_PROJECTS.network}/([^/]+)$`);

/**
 * The host whose network the stack's network layer reads, from its synthesized plan
 * (`dist/<stack>/network/preview.json`: a StackReference `<org>/fin-network/<host>`, the program's
 * own answer under its real config, ADR 0012). Undefined when the network is its own, or when no
 * plan was synthesized: the checks then judge the network as the stack's own.
 */
export function networkHostOf(distRoot: string, stack: string, workspaceRoot: string): string | undefined {
  let references: readonly string[];
  try {
    references = readLayer(distRoot, stack, "network", workspaceRoot).stackReferences;
  } catch {
    return undefined;
  }
  return references.map((r) => NETWORK_REFERENCE.exec(r)?.[1]).find((host) => host !== undefined && host !== stack);
}
