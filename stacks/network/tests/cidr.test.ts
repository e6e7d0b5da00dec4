import {
  MAX_SUBNET_PREFIX,
  MAX_VPC_PREFIX,
  MIN_VPC_PREFIX,
  SUBNET_NEW_BITS,
  cidrProblem,
  contains,
  formatCidr,
  networkOf,
  parseCidr,
  planSubnets,
  vpcCidrProblem,
} from "../src/cidr";

describe("parseCidr / formatCidr", () => {
  it.each(["10.0.0.0/16", "0.0.0.0/0", "255.255.255.255/32", "172.31.128.0/20", "203.0.113.7/32"])("round-trips %s", (text) => {
    expect(formatCidr(parseCidr(text)!)).toBe(text);
  });

  it.each(["10.0.0.0", "10.0.0/16", "256.0.0.0/8", "10.0.0.0/33", "10.0.0.01/16", "a.b.c.d/8", " 10.0.0.0/16", "10.0.0.0/16 "])(
    "rejects %j",
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

  it("keeps addresses above 128.0.0.0 unsigned", () => {
    expect(parseCidr("192.168.0.0/16")).toEqual({ address: 0xc0a80000, prefix: 16 });
  });
});

describe("networkOf / contains", () => {
  it("clears host bits", () => {
    expect(formatCidr(networkOf(parseCidr("10.0.1.7/16")!))).toBe("10.0.0.0/16");
    expect(formatCidr(networkOf(parseCidr("10.1.2.3/0")!))).toBe("0.0.0.0/0");
  });

  it("tells whether a block lies inside another", () => {
    const ten = parseCidr("10.0.0.0/8")!;
    expect(contains(ten, parseCidr("10.20.0.0/16")!)).toBe(true);
    expect(contains(ten, parseCidr("11.0.0.0/16")!)).toBe(false);
    expect(contains(parseCidr("10.0.0.0/16")!, ten)).toBe(false);
  });
});

describe("cidrProblem", () => {
  it("accepts a network address", () => {
    expect(cidrProblem("0.0.0.0/0")).toBeUndefined();
    expect(cidrProblem("203.0.113.0/24")).toBeUndefined();
  });

  it("names what is wrong", () => {
    expect(cidrProblem("anywhere")).toBe("must be an IPv4 CIDR block such as 203.0.113.0/24");
    expect(cidrProblem("203.0.113.9/24")).toBe("has host bits set: the block is 203.0.113.0/24");
  });
});

describe("VPC size limits", () => {
  it("keeps every subnet a /27 or larger, the smallest an ALB accepts, so the VPC is /16 to /23", () => {
    expect([MIN_VPC_PREFIX, MAX_VPC_PREFIX, MAX_SUBNET_PREFIX, SUBNET_NEW_BITS]).toEqual([16, 23, 27, 4]);
    expect(planSubnets(`10.0.0.0/${MAX_VPC_PREFIX}`, 3).public[0]).toBe("10.0.0.0/27");
  });
});

describe("vpcCidrProblem", () => {
  it.each(["10.0.0.0/16", "10.200.0.0/23", "172.16.0.0/16", "172.31.240.0/20", "192.168.0.0/16", "192.168.10.0/23"])("accepts %s", (cidr) => {
    expect(vpcCidrProblem(cidr)).toBeUndefined();
  });

  const SIZE_RULE =
    "must be a /16 to /23: it is split into 16 blocks of /(prefix+4) for the 6 subnets, an ALB subnet must be a /27 or larger, and AWS VPCs are /16 at the largest";
  const RFC1918_RULE = "must lie in a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16";

  it.each([
    ["10.0.0.0", "must be an IPv4 CIDR block such as 203.0.113.0/24"],
    ["10.0.0.1/16", "has host bits set: the block is 10.0.0.0/16"],
    ["10.0.0.0/8", SIZE_RULE],
    ["10.0.0.0/15", SIZE_RULE],
    ["10.0.0.0/24", SIZE_RULE],
    ["10.0.0.0/25", SIZE_RULE],
    ["10.0.0.0/28", SIZE_RULE],
    ["100.64.0.0/16", RFC1918_RULE],
    ["172.32.0.0/16", RFC1918_RULE],
    ["8.8.0.0/16", RFC1918_RULE],
  ])("rejects %s", (cidr, rule) => {
    expect(vpcCidrProblem(cidr)).toBe(rule);
  });
});

describe("planSubnets", () => {
  it("gives each AZ a public and a private /20 of a /16, public blocks first", () => {
    expect(planSubnets("10.0.0.0/16", 3)).toEqual({
      public: ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"],
      private: ["10.0.48.0/20", "10.0.64.0/20", "10.0.80.0/20"],
    });
  });

  it("fits the smallest VPC with /27 subnets", () => {
    expect(planSubnets("192.168.10.0/23", 3)).toEqual({
      public: ["192.168.10.0/27", "192.168.10.32/27", "192.168.10.64/27"],
      private: ["192.168.10.96/27", "192.168.10.128/27", "192.168.10.160/27"],
    });
  });

  it("never overlaps and stays inside the VPC", () => {
    const vpc = parseCidr("172.20.0.0/18")!;
    const plan = planSubnets("172.20.0.0/18", 3);
    const blocks = [...plan.public, ...plan.private].map((c) => parseCidr(c)!);
    expect(new Set(blocks.map((b) => b.address)).size).toBe(6);
    expect(blocks.every((b) => b.prefix === 22 && contains(vpc, b))).toBe(true);
  });
});
