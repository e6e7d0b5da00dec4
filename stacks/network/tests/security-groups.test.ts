import { MockHarness, runProgram, setupMocks } from "@fin/testing";
import { SecurityGroups, cidrKey } from "../src/security-groups";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const VPC_ID = "vpc-0123456789abcdef0";

let harness: MockHarness;

beforeAll(async () => {
  harness = await setupMocks({ project: "fin-network", stack: "dev" });
  await runProgram(() => {
    // A host's groups (with the VPC-wide ones), and a guest's in the same VPC (ADR 0019).
    new SecurityGroups("sg", { vpcId: VPC_ID, albIngressCidrs: ["0.0.0.0/0", "203.0.113.0/24"], environmentSuffix: "dev" }).addVpcWideGroups();
    new SecurityGroups("guest", { vpcId: VPC_ID, albIngressCidrs: ["0.0.0.0/0"], environmentSuffix: "pr-2" });
  });
});

const sgId = (key: string) => harness.one(SG, `sg-${key}`).id;
const hostOnly = (type: string) => harness.ofType(type).filter((r) => r.name.startsWith("sg-"));
/** A rule as AWS sees it: group, protocol, ports, peer, description (plus its Name tag). */
const rules = (type: string) =>
  Object.fromEntries(
    harness.ofType(type).map((r) => {
      const { securityGroupId, ipProtocol, fromPort, toPort, cidrIpv4, referencedSecurityGroupId, prefixListId, description, tags, ...rest } = r.inputs;
      expect(rest).toEqual({});
      const peer = cidrIpv4 ?? referencedSecurityGroupId ?? prefixListId;
      return [r.name, { group: securityGroupId, ipProtocol, ports: [fromPort, toPort], peer, description, name: tags.Name }];
    }),
  );

describe("SecurityGroups", () => {
  it("creates the three groups and the retired, rule-less task group, named with the suffix and with no inline rules", () => {
    expect(harness.ofType(SG).filter((g) => g.name.startsWith("sg-")).map((g) => ({ logical: g.name, ...g.inputs }))).toEqual([
      {
        logical: "sg-alb",
        name: "alb-sg-dev",
        description: "Internet-facing ALB: HTTPS and HTTP in; egress to public services added by the compute layer",
        vpcId: VPC_ID,
        tags: { Name: "alb-sg-dev" },
      },
      {
        logical: "sg-database",
        name: "database-sg-dev",
        description: "Aurora PostgreSQL: database port from services granted database:connect only, no egress",
        vpcId: VPC_ID,
        tags: { Name: "database-sg-dev" },
      },
      {
        logical: "sg-task",
        name: "task-sg-dev",
        description: "Fargate tasks: app port from the ALB, out to endpoints, S3 and the database only",
        vpcId: VPC_ID,
        tags: { Name: "task-sg-dev" },
      },
      {
        logical: "sg-endpoint",
        name: "endpoint-sg-dev",
        description: "Interface VPC endpoints: HTTPS from the compute layer's service groups only",
        vpcId: VPC_ID,
        tags: { Name: "endpoint-sg-dev" },
      },
    ]);
  });

  it("allows exactly these ingress rules", () => {
    expect(Object.fromEntries(Object.entries(rules(INGRESS)).filter(([name]) => name.startsWith("sg-")))).toEqual({
      "sg-alb-https-from-0-0-0-0-0": {
        group: sgId("alb"),
        ipProtocol: "tcp",
        ports: [443, 443],
        peer: "0.0.0.0/0",
        description: "HTTPS from 0.0.0.0/0 to the ALB",
        name: "alb-https-from-0-0-0-0-0-dev",
      },
      "sg-alb-http-from-0-0-0-0-0": {
        group: sgId("alb"),
        ipProtocol: "tcp",
        ports: [80, 80],
        peer: "0.0.0.0/0",
        description: "HTTP from 0.0.0.0/0 to the ALB, which redirects it to HTTPS",
        name: "alb-http-from-0-0-0-0-0-dev",
      },
      "sg-alb-https-from-203-0-113-0-24": {
        group: sgId("alb"),
        ipProtocol: "tcp",
        ports: [443, 443],
        peer: "203.0.113.0/24",
        description: "HTTPS from 203.0.113.0/24 to the ALB",
        name: "alb-https-from-203-0-113-0-24-dev",
      },
      "sg-alb-http-from-203-0-113-0-24": {
        group: sgId("alb"),
        ipProtocol: "tcp",
        ports: [80, 80],
        peer: "203.0.113.0/24",
        description: "HTTP from 203.0.113.0/24 to the ALB, which redirects it to HTTPS",
        name: "alb-http-from-203-0-113-0-24-dev",
      },
    });
  });

  it("declares no rule that names a workload and no egress: those are the compute layer's, per service (ADR 0017)", () => {
    expect(hostOnly(INGRESS).every((r) => r.inputs.referencedSecurityGroupId === undefined && r.inputs.securityGroupId === sgId("alb"))).toBe(true);
    expect(harness.ofType(EGRESS)).toEqual([]);
    expect(harness.ofType(INGRESS).some((r) => JSON.stringify(r.inputs).includes(sgId("task")))).toBe(false);
  });

  it("parents every resource to the component, the VPC-wide groups included", () => {
    const parent = harness.one("fin:network:SecurityGroups", "sg").urn;
    expect(harness.awsResources().filter((r) => r.parent === parent).map((r) => r.name).sort()).toEqual([
      "sg-alb",
      "sg-alb-http-from-0-0-0-0-0",
      "sg-alb-http-from-203-0-113-0-24",
      "sg-alb-https-from-0-0-0-0-0",
      "sg-alb-https-from-203-0-113-0-24",
      "sg-database",
      "sg-endpoint",
      "sg-task",
    ]);
  });

  it("gives a guest only its own ALB and database groups and the ALB's internet rules, named with its suffix", () => {
    const parent = harness.one("fin:network:SecurityGroups", "guest").urn;
    const guest = harness.awsResources().filter((r) => r.parent === parent);
    expect(guest.map((r) => [r.type, r.name, r.inputs.name ?? r.inputs.tags.Name]).sort()).toEqual([
      [SG, "guest-alb", "alb-sg-pr-2"],
      [SG, "guest-database", "database-sg-pr-2"],
      [INGRESS, "guest-alb-http-from-0-0-0-0-0", "alb-http-from-0-0-0-0-0-pr-2"],
      [INGRESS, "guest-alb-https-from-0-0-0-0-0", "alb-https-from-0-0-0-0-0-pr-2"],
    ]);
    expect(harness.awsResources()).toHaveLength(8 + 4);
  });

  it("keys per-CIDR rules by a name-safe form of the CIDR", () => {
    expect(cidrKey("10.20.30.0/24")).toBe("10-20-30-0-24");
  });
});
