import { WORLD_CIDRS, list } from "./values";

/** One security group rule, whichever of the three ways it was declared. */
export interface SgRule {
  /** Where the rule came from, for messages: "ingress[0]", or "" for a standalone rule resource. */
  readonly where: string;
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: string[];
}

interface InlineRule {
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  cidrBlocks?: string[];
  ipv6CidrBlocks?: string[];
}

/** The rules inline on an aws.ec2.SecurityGroup / DefaultSecurityGroup (`ingress` or `egress`). */
export function inlineRules(rules: readonly InlineRule[] | undefined, direction: "ingress" | "egress"): SgRule[] {
  return list(rules).map((r, i) => ({
    where: `${direction}[${i}]`,
    protocol: String(r.protocol),
    fromPort: r.fromPort,
    toPort: r.toPort,
    cidrs: [...list(r.cidrBlocks), ...list(r.ipv6CidrBlocks)],
  }));
}

/** The CIDRs of a rule that mean "anywhere". */
export function worldCidrs(rule: SgRule): string[] {
  return rule.cidrs.filter((c) => WORLD_CIDRS.includes(c));
}

/** "-1" / "all" open every protocol and port; so does a TCP/UDP range covering 0-65535. */
export function opensAllTraffic(rule: SgRule): boolean {
  return ["-1", "all"].includes(rule.protocol) || ((rule.fromPort ?? 0) <= 0 && (rule.toPort ?? 65535) >= 65535);
}

/** The only world ingress the design allows: the ALB's HTTPS listener and its HTTP redirect. */
export const PUBLIC_WEB_PORTS: readonly number[] = [443, 80];

export function isPublicWebRule(rule: SgRule): boolean {
  return ["tcp", "6"].includes(rule.protocol) && rule.fromPort === rule.toPort && PUBLIC_WEB_PORTS.includes(rule.fromPort as number);
}

/** `where` as a message prefix. */
export function label(rule: SgRule): string {
  return rule.where ? `${rule.where}: ` : "";
}

/** "all traffic", "tcp 443" or "tcp 1024-65535", for messages. */
export function describeTraffic(rule: SgRule): string {
  if (["-1", "all"].includes(rule.protocol)) {
    return "all traffic";
  }
  return rule.fromPort === rule.toPort ? `${rule.protocol} ${rule.fromPort}` : `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
}
