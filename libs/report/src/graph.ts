import type { Layer } from "@fin/config";
import type { Environment, PlannedResource } from "@fin/plan";

/** A string found in a resource's inputs, with the input path it sits at (`rules.0.kmsMasterKeyId`). */
export interface InputString {
  readonly path: string;
  readonly text: string;
}

export function inputStrings(value: unknown, at = ""): InputString[] {
  if (typeof value === "string") {
    return [{ path: at, text: value }];
  }
  if (typeof value === "object" && value !== null) {
    // Arrays too: their entries are keyed "0", "1", ...
    return Object.entries(value).flatMap(([k, v]) => inputStrings(v, at === "" ? k : `${at}.${k}`));
  }
  return [];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Matches an identifier as a whole token: not inside a longer name (`fin-raw` is not in `fin-raw-logs`). */
export function tokenPattern(identifier: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])${escape(identifier)}(?![A-Za-z0-9_-])`);
}

/**
 * Who references whom across every layer's plan. Within a plan, inputs hold the ids the engine
 * computed (subnet-..., bucket names, ARNs); across layers they hold the upstream outputs, which
 * contain the same ids (a key ARN ends in the key id). So "A references B" is "one of A's input
 * strings contains one of B's identifiers as a token".
 */
export class ResourceIndex {
  readonly all: readonly PlannedResource[];
  private readonly strings = new Map<PlannedResource, InputString[]>();
  private readonly patterns = new Map<PlannedResource, RegExp[]>();
  /** Extra names a resource is known by downstream: the values of the outputs that export it. */
  private readonly aliases = new Map<PlannedResource, string[]>();
  /** The output family that exports a resource (`databaseKeyArn` -> `databaseKey`). */
  readonly outputNames = new Map<PlannedResource, string>();

  constructor(readonly env: Environment) {
    this.all = env.layers.flatMap((l) => l.resources);
    for (const r of this.all) {
      this.strings.set(r, inputStrings(r.inputs));
    }
    // Outputs name what they export: every output of a layer whose value contains a resource's id
    // gives that resource its name (`databaseKeyArn` -> `databaseKey`), and every value of that
    // output family (`databaseKeyArn`, `databaseKeyAlias`, ...) becomes an alias other layers may use.
    for (const layer of env.layers) {
      const families = new Map<string, string[]>();
      for (const [output, value] of Object.entries(layer.outputs)) {
        if (typeof value === "string" && value.length >= 12) {
          const family = output.replace(/(ReaderEndpoint|ResourceId|Endpoint|Arn|Id|Name|Alias|Url)$/, "");
          families.set(family, [...(families.get(family) ?? []), value]);
        }
      }
      for (const [family, values] of families) {
        // The resource most of the family's values name (a key's ARN and id beat its alias resource).
        const scored = layer.resources
          .filter((r) => r.id !== "")
          .map((r) => ({ r, score: values.filter((v) => tokenPattern(r.id).test(v)).length }))
          .filter((x) => x.score > 0)
          .sort((x, y) => y.score - x.score);
        const owner = scored[0]?.r;
        if (owner) {
          this.aliases.set(owner, [...(this.aliases.get(owner) ?? []), ...values]);
          if (!this.outputNames.has(owner)) {
            this.outputNames.set(owner, family);
          }
        }
      }
    }
  }

  ofType(type: string, layer?: Layer): PlannedResource[] {
    return this.all.filter((r) => r.type === type && (layer === undefined || r.layer === layer));
  }

  identifiers(target: PlannedResource): string[] {
    return [target.id, ...(this.aliases.get(target) ?? [])].filter((i) => i !== "");
  }

  private patternsOf(target: PlannedResource): RegExp[] {
    let found = this.patterns.get(target);
    if (!found) {
      found = this.identifiers(target).map(tokenPattern);
      this.patterns.set(target, found);
    }
    return found;
  }

  /** The input strings of `from` that name `target`, optionally only at paths matching `at`. */
  referencesAt(from: PlannedResource, target: PlannedResource, at?: RegExp): InputString[] {
    if (from === target) {
      return [];
    }
    const patterns = this.patternsOf(target);
    return (this.strings.get(from) as InputString[]).filter((s) => (at === undefined || at.test(s.path)) && patterns.some((p) => p.test(s.text)));
  }

  references(from: PlannedResource, target: PlannedResource, at?: RegExp): boolean {
    return this.referencesAt(from, target, at).length > 0;
  }

  /**
   * Subnets routed to an internet gateway (through their route table's routes), or that assign
   * public IPs. The design keeps mapPublicIpOnLaunch off everywhere, so the route decides.
   */
  publicSubnets(): Set<PlannedResource> {
    const gateways = this.ofType("aws:ec2/internetGateway:InternetGateway");
    const routes = this.ofType("aws:ec2/route:Route").filter((route) => gateways.some((g) => this.references(route, g, /^gatewayId$/)));
    const tables = this.ofType("aws:ec2/routeTable:RouteTable").filter(
      (t) => routes.some((route) => this.references(route, t, /^routeTableId$/)) || gateways.some((g) => this.references(t, g, /^routes\./)),
    );
    const associations = this.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").filter((a) => tables.some((t) => this.references(a, t, /^routeTableId$/)));
    return new Set(
      this.ofType("aws:ec2/subnet:Subnet").filter((s) => s.inputs["mapPublicIpOnLaunch"] === true || associations.some((a) => this.references(a, s, /^subnetId$/))),
    );
  }

  /** Resources among `candidates` that `from` references. */
  referencedBy(from: PlannedResource, candidates: readonly PlannedResource[], at?: RegExp): PlannedResource[] {
    return candidates.filter((c) => this.references(from, c, at));
  }
}
