/** A parsed IPv4 CIDR block: network address as an unsigned 32-bit number and prefix length. */
export interface Ipv4Block {
  readonly address: number;
  readonly prefix: number;
}

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const CIDR_PATTERN = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}/(3[0-2]|[12]?\\d)$`);

/** Blocks per tier the VPC is split into: 16 equal blocks (prefix + 4); see SUBNET_LAYOUT. */
export const SUBNET_NEW_BITS = 4;
/** AWS's largest VPC is a /16 (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html). */
export const MIN_VPC_PREFIX = 16;
/**
 * The smallest subnet this layout may produce: an ALB subnet needs "at least a /27 bitmask" and 8
 * free IP addresses (ELB guide, "Subnets for your load balancer":
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer).
 * AWS itself would accept /28 subnets, which the ALB then rejects at CreateLoadBalancer.
 */
export const MAX_SUBNET_PREFIX = 27;
/** A VPC split into 16 blocks yields /27 subnets at /23, so /23 is the smallest VPC allowed. */
export const MAX_VPC_PREFIX = MAX_SUBNET_PREFIX - SUBNET_NEW_BITS;

/** The RFC 1918 ranges: a VPC outside them would shadow real internet addresses. */
const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** Parses `a.b.c.d/n`; undefined when it is not an IPv4 CIDR. Host bits are not checked here. */
export function parseCidr(text: string): Ipv4Block | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) {
    return undefined;
  }
  const [a, b, c, d, prefix] = match.slice(1).map(Number);
  return { address: (((a << 24) | (b << 16) | (c << 8) | d) >>> 0), prefix };
}

export function formatCidr(block: Ipv4Block): string {
  const a = block.address;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${block.prefix}`;
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The block with its host bits cleared ("10.0.1.0/16" -> "10.0.0.0/16"). */
export function networkOf(block: Ipv4Block): Ipv4Block {
  return { address: (block.address & mask(block.prefix)) >>> 0, prefix: block.prefix };
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefix >= outer.prefix && (inner.address & mask(outer.prefix)) >>> 0 === outer.address;
}

/** Why `text` is not a CIDR block AWS accepts in a rule (undefined when it is one). */
export function cidrProblem(text: string): string | undefined {
  const block = parseCidr(text);
  if (!block) {
    return "must be an IPv4 CIDR block such as 203.0.113.0/24";
  }
  const network = networkOf(block);
  if (network.address !== block.address) {
    return `has host bits set: the block is ${formatCidr(network)}`;
  }
  return undefined;
}

/** Why `text` cannot be this platform's VPC CIDR (undefined when it can). */
export function vpcCidrProblem(text: string): string | undefined {
  const problem = cidrProblem(text);
  if (problem) {
    return problem;
  }
  const block = parseCidr(text) as Ipv4Block;
  if (block.prefix < MIN_VPC_PREFIX || block.prefix > MAX_VPC_PREFIX) {
    return (
      `must be a /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX}: it is split into ${2 ** SUBNET_NEW_BITS} blocks of ` +
      `/(prefix+${SUBNET_NEW_BITS}) for the 6 subnets, an ALB subnet must be a /${MAX_SUBNET_PREFIX} or larger, ` +
      `and AWS VPCs are /${MIN_VPC_PREFIX} at the largest`
    );
  }
  if (!PRIVATE_RANGES.some((range) => contains(parseCidr(range) as Ipv4Block, block))) {
    return `must lie in a private (RFC 1918) range: ${PRIVATE_RANGES.join(", ")}`;
  }
  return undefined;
}

/**
 * Which of the 16 equal blocks each tier takes: public subnets first (ALB only, few IPs used),
 * private next (one IP per Fargate task, Aurora and endpoint ENIs). Blocks 6-15 stay free for a
 * later tier without renumbering these.
 */
export const SUBNET_LAYOUT = { public: 0, private: 3 } as const;

export interface SubnetPlan {
  readonly public: string[];
  readonly private: string[];
}

/** The public and private CIDR of each AZ, in AZ order. `vpcCidr` must pass {@link vpcCidrProblem}. */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const vpc = parseCidr(vpcCidr) as Ipv4Block;
  const prefix = vpc.prefix + SUBNET_NEW_BITS;
  const size = 2 ** (32 - prefix);
  const block = (index: number) => formatCidr({ address: vpc.address + index * size, prefix });
  const indexes = Array.from({ length: azCount }, (_, i) => i);
  return {
    public: indexes.map((i) => block(SUBNET_LAYOUT.public + i)),
    private: indexes.map((i) => block(SUBNET_LAYOUT.private + i)),
  };
}
