import {
  DefaultSecurityGroupClosed,
  NoNatGateway,
  SecurityGroupNoAllowAllEgress,
  SecurityGroupNoWorldIngressExceptWeb,
  SecurityGroupsInKnownVpc,
  SubnetNoAutoPublicIp,
  VpcDefaultSecurityGroupAdopted,
  VpcFlowLogsEnabled,
} from "../../src/rules/ec2";
import { evaluatePlan } from "../../src/evaluate";
import { messagesOf, plan, res, urnOf, violationsOf } from "../plan-builder";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";

describe("no-nat-gateway", () => {
  it("passes a plan without NAT gateways", async () => {
    expect(await messagesOf(NoNatGateway, res("aws:ec2/internetGateway:InternetGateway", "igw", {}))).toEqual([]);
  });

  it("reports every NAT gateway", async () => {
    expect(await violationsOf(NoNatGateway, res("aws:ec2/natGateway:NatGateway", "nat-a", { subnetId: "subnet-a" }))).toEqual([
      {
        policy: "no-nat-gateway",
        enforcementLevel: "mandatory",
        urn: urnOf("aws:ec2/natGateway:NatGateway", "nat-a"),
        message: "NAT gateways are forbidden: use VPC endpoints for AWS services.",
      },
    ]);
  });
});

describe("subnet-no-auto-public-ip", () => {
  it("passes a subnet that maps no public IPs", async () => {
    expect(await messagesOf(SubnetNoAutoPublicIp, res("aws:ec2/subnet:Subnet", "public-a", { mapPublicIpOnLaunch: false }))).toEqual([]);
  });

  it("reports IPv4 and IPv6 auto-assignment", async () => {
    expect(
      await messagesOf(SubnetNoAutoPublicIp, res("aws:ec2/subnet:Subnet", "public-a", { mapPublicIpOnLaunch: true, assignIpv6AddressOnCreation: true })),
    ).toEqual(["mapPublicIpOnLaunch is true; it must be false.", "assignIpv6AddressOnCreation is true; it must be false."]);
  });
});

describe("security-group-no-world-ingress-except-web", () => {
  it("passes the ALB's 443 and 80 from anywhere and group-to-group rules", async () => {
    expect(
      await messagesOf(
        SecurityGroupNoWorldIngressExceptWeb,
        res(INGRESS, "alb-https", { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
        res(INGRESS, "alb-http6", { ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv6: "::/0" }),
        res(INGRESS, "db-from-tasks", { ipProtocol: "tcp", fromPort: 5432, toPort: 5432, referencedSecurityGroupId: "sg-tasks" }),
        res(SG, "tasks", { ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-alb"] }] }),
        res(RULE, "egress-rule", { type: "egress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
      ),
    ).toEqual([]);
  });

  it("reports world ingress on other ports, in every way a rule can be declared", async () => {
    expect(
      await messagesOf(
        SecurityGroupNoWorldIngressExceptWeb,
        res(INGRESS, "ssh", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "0.0.0.0/0" }),
        res(INGRESS, "everything", { ipProtocol: "-1", cidrIpv6: "::/0" }),
        res(SG, "inline", { ingress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["10.0.0.0/16", "0.0.0.0/0"] }] }),
        res(RULE, "legacy", { type: "ingress", protocol: "udp", fromPort: 443, toPort: 443, ipv6CidrBlocks: ["::/0"] }),
      ),
    ).toEqual([
      "ingress from 0.0.0.0/0 on tcp 22; only TCP 443 and 80 (the ALB) may be open to the internet.",
      "ingress from ::/0 on all traffic; only TCP 443 and 80 (the ALB) may be open to the internet.",
      "ingress[0]: ingress from 0.0.0.0/0 on tcp 0-65535; only TCP 443 and 80 (the ALB) may be open to the internet.",
      "ingress from ::/0 on udp 443; only TCP 443 and 80 (the ALB) may be open to the internet.",
    ]);
  });
});

describe("security-group-no-allow-all-egress", () => {
  it("passes egress restricted to groups, prefix lists and single ports", async () => {
    expect(
      await messagesOf(
        SecurityGroupNoAllowAllEgress,
        res(EGRESS, "to-endpoints", { ipProtocol: "tcp", fromPort: 443, toPort: 443, referencedSecurityGroupId: "sg-vpce" }),
        res(EGRESS, "to-s3", { ipProtocol: "tcp", fromPort: 443, toPort: 443, prefixListId: "pl-s3" }),
        res(SG, "tasks", { egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }),
        res(RULE, "ingress-rule", { type: "ingress", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
      ),
    ).toEqual([]);
  });

  it("reports all-traffic egress to the internet, in every way a rule can be declared", async () => {
    expect(
      await messagesOf(
        SecurityGroupNoAllowAllEgress,
        res(EGRESS, "all", { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }),
        res(SG, "inline", { egress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] }] }),
        res(RULE, "legacy", { type: "egress", protocol: "all", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }),
        res(EGRESS, "no-ports", { ipProtocol: "tcp", cidrIpv4: "0.0.0.0/0" }),
      ),
    ).toEqual([
      "egress of all traffic to 0.0.0.0/0; restrict egress to the security groups and prefix lists the workload needs.",
      "egress[0]: egress of all traffic to ::/0; restrict egress to the security groups and prefix lists the workload needs.",
      "egress of all traffic to 0.0.0.0/0; restrict egress to the security groups and prefix lists the workload needs.",
      "egress of all traffic to 0.0.0.0/0; restrict egress to the security groups and prefix lists the workload needs.",
    ]);
  });
});

describe("default-security-group-closed", () => {
  const DSG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

  it.each([{ ingress: [], egress: [] }, {}])("passes a default group with no rules (%j)", async (inputs) => {
    expect(await messagesOf(DefaultSecurityGroupClosed, res(DSG, "default", { vpcId: "vpc-1", ...inputs }))).toEqual([]);
  });

  it("reports a default group that keeps rules", async () => {
    expect(
      await messagesOf(DefaultSecurityGroupClosed, res(DSG, "default", { vpcId: "vpc-1", ingress: [{ protocol: "-1", self: true }], egress: [] })),
    ).toEqual(["The default security group has 1 ingress and 0 egress rules; it must have none."]);
  });
});

describe("VPC stack policies", () => {
  const vpc = res("aws:ec2/vpc:Vpc", "main", { cidrBlock: "10.0.0.0/16" }, { id: "vpc-1" });

  it("vpc-default-security-group-adopted passes a VPC whose default group is adopted", async () => {
    expect(await messagesOf(VpcDefaultSecurityGroupAdopted, vpc, res("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default", { vpcId: "vpc-1" }))).toEqual([]);
  });

  it("vpc-default-security-group-adopted reports a VPC whose default group is left alone", async () => {
    expect(await violationsOf(VpcDefaultSecurityGroupAdopted, vpc)).toEqual([
      {
        policy: "vpc-default-security-group-adopted",
        enforcementLevel: "mandatory",
        urn: urnOf("aws:ec2/vpc:Vpc", "main"),
        message: "VPC 'vpc-1' has no aws.ec2.DefaultSecurityGroup adopting its default security group.",
      },
    ]);
  });

  it.each(["ALL", "REJECT"])("vpc-flow-logs-enabled passes a VPC with a %s flow log", async (trafficType) => {
    expect(await messagesOf(VpcFlowLogsEnabled, vpc, res("aws:ec2/flowLog:FlowLog", "flow", { vpcId: "vpc-1", trafficType }))).toEqual([]);
  });

  it("vpc-flow-logs-enabled reports a VPC whose only flow log records accepted traffic", async () => {
    expect(await messagesOf(VpcFlowLogsEnabled, vpc, res("aws:ec2/flowLog:FlowLog", "flow", { vpcId: "vpc-1", trafficType: "ACCEPT" }))).toEqual([
      "VPC 'vpc-1' has no flow log with trafficType ALL or REJECT.",
    ]);
  });
});

describe("security-groups-in-known-vpc", () => {
  const REF = "pulumi:pulumi:StackReference";
  const hostRef = (outputs: object | undefined) =>
    res(REF, "organization/fin-network/pr-shared", { name: "organization/fin-network/pr-shared" }, outputs ? { outputs: { outputs } } : {});
  const group = (name: string, vpcId: unknown) => res(SG, name, { name: `${name}-pr-1`, ...(vpcId === undefined ? {} : { vpcId }) });

  it("passes groups in a VPC the stack declares (host mode) or the one a fin-network StackReference exports (a guest)", async () => {
    expect(await messagesOf(SecurityGroupsInKnownVpc, res("aws:ec2/vpc:Vpc", "platform", { cidrBlock: "10.0.0.0/16" }, { id: "vpc-own" }), group("alb", "vpc-own"))).toEqual([]);
    expect(await messagesOf(SecurityGroupsInKnownVpc, hostRef({ vpcId: "vpc-host" }), group("alb", "vpc-host"), group("database", "vpc-host"))).toEqual([]);
  });

  it("does not judge a vpcId unknown at preview (the VPC is created by the same update)", async () => {
    expect(await messagesOf(SecurityGroupsInKnownVpc, group("alb", undefined))).toEqual([]);
  });

  it("reports a group in a VPC the stack does not know: another reference's, a typo, or an unresolved host", async () => {
    expect(
      await violationsOf(SecurityGroupsInKnownVpc, hostRef({ vpcId: "vpc-host" }), res(REF, "organization/fin-data/pr-shared", { name: "organization/fin-data/pr-shared" }, { outputs: { outputs: { vpcId: "vpc-data" } } }), group("alb", "vpc-other")),
    ).toEqual([
      {
        policy: "security-groups-in-known-vpc",
        enforcementLevel: "mandatory",
        urn: urnOf(SG, "alb"),
        message: "Security group 'alb-pr-1' is in VPC 'vpc-other', which the stack neither declares nor reads from a fin-network StackReference (known: [vpc-host]).",
      },
    ]);
    expect(await messagesOf(SecurityGroupsInKnownVpc, hostRef(undefined), res(SG, "unnamed", { vpcId: "vpc-host" }))).toEqual([
      "Security group 'unnamed' is in VPC 'vpc-host', which the stack neither declares nor reads from a fin-network StackReference (known: []).",
    ]);
  });
});

describe("a guest network plan (issue 18) under the whole pack", () => {
  // What a pr-<n> network declares in guest mode: a StackReference to the host and its own ALB and
  // database groups (with the ALB's public 443/80 ingress) in the host's VPC; no VPC, subnet,
  // endpoint or flow log, so no rule that judges those has anything to fail.
  const hostRef = res("pulumi:pulumi:StackReference", "organization/fin-network/pr-shared", { name: "organization/fin-network/pr-shared" }, { outputs: { outputs: { vpcId: "vpc-host" } } });
  const guest = [
    hostRef,
    res(SG, "alb", { name: "alb-dev", description: "ALB", vpcId: "vpc-host" }, { id: "sg-alb" }),
    res(SG, "database", { name: "database-dev", description: "Aurora", vpcId: "vpc-host" }, { id: "sg-db" }),
    res(INGRESS, "alb-https", { securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }),
    res(INGRESS, "alb-http", { securityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" }),
  ];

  it("passes every mandatory policy", async () => {
    const { violations } = await evaluatePlan(plan(...guest));
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("fails security-groups-in-known-vpc when the host's outputs are not resolved (its VPC is unknown to the plan)", async () => {
    const unresolved = res("pulumi:pulumi:StackReference", "organization/fin-network/pr-shared", { name: "organization/fin-network/pr-shared" });
    const { violations } = await evaluatePlan(plan(unresolved, ...guest.slice(1)));
    expect(violations.map((v) => [v.policy, v.urn])).toEqual([
      ["security-groups-in-known-vpc", urnOf(SG, "alb")],
      ["security-groups-in-known-vpc", urnOf(SG, "database")],
    ]);
  });
});
