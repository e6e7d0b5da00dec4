import { MockHarness, S3_PREFIX_LIST_ID, runProgram, setupMocks } from "@fin/testing";
import { SecurityGroups, cidrKey } from "../src/security-groups";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const VPC_ID = "vpc-0123456789abcdef0";

let harness: MockHarness;
const prefixListLookups: unknown[] = [];

beforeAll(async () => {
  harness = await setupMocks({
    project: "fin-network",
    stack: "dev",
    invokes: {
      "aws:ec2/getManagedPrefixList:getManagedPrefixList": (inputs) => {
        prefixListLookups.push(inputs);
        return { id: S3_PREFIX_LIST_ID, name: inputs["name"] };
      },
    },
  });
  await runProgram(
    () =>
      new SecurityGroups("sg", {
        vpcId: VPC_ID,
        region: "us-east-2",
        albIngressCidrs: ["0.0.0.0/0", "203.0.113.0/24"],
        appPort: 8080,
        databasePort: 5432,
        environmentSuffix: "dev",
      }),
  );
});

const sgId = (key: string) => harness.one(SG, `sg-${key}`).id;
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
  it("creates the four groups, named with the suffix and with no inline rules", () => {
    expect(harness.ofType(SG).map((g) => ({ logical: g.name, ...g.inputs }))).toEqual([
      {
        logical: "sg-alb",
        name: "alb-sg-dev",
        description: "Internet-facing ALB: HTTPS and HTTP in, app port out to tasks only",
        vpcId: VPC_ID,
        tags: { Name: "alb-sg-dev" },
      },
      {
        logical: "sg-task",
        name: "task-sg-dev",
        description: "Fargate tasks: app port from the ALB, out to endpoints, S3 and the database only",
        vpcId: VPC_ID,
        tags: { Name: "task-sg-dev" },
      },
      {
        logical: "sg-database",
        name: "database-sg-dev",
        description: "Aurora PostgreSQL: database port from tasks only, no egress",
        vpcId: VPC_ID,
        tags: { Name: "database-sg-dev" },
      },
      {
        logical: "sg-endpoint",
        name: "endpoint-sg-dev",
        description: "Interface VPC endpoints: HTTPS from tasks only",
        vpcId: VPC_ID,
        tags: { Name: "endpoint-sg-dev" },
      },
    ]);
  });

  it("allows exactly these ingress rules", () => {
    expect(rules(INGRESS)).toEqual({
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
      "sg-task-from-alb": {
        group: sgId("task"),
        ipProtocol: "tcp",
        ports: [8080, 8080],
        peer: sgId("alb"),
        description: "Requests and health checks from the ALB on the app port",
        name: "task-from-alb-dev",
      },
      "sg-database-from-task": {
        group: sgId("database"),
        ipProtocol: "tcp",
        ports: [5432, 5432],
        peer: sgId("task"),
        description: "PostgreSQL connections from tasks",
        name: "database-from-task-dev",
      },
      "sg-endpoint-from-task": {
        group: sgId("endpoint"),
        ipProtocol: "tcp",
        ports: [443, 443],
        peer: sgId("task"),
        description: "HTTPS from tasks to the interface endpoints",
        name: "endpoint-from-task-dev",
      },
    });
  });

  it("admits only the task group to the interface endpoints, no subnet CIDR", () => {
    const endpointIngress = harness.ofType(INGRESS).filter((r) => r.inputs.securityGroupId === sgId("endpoint"));
    expect(endpointIngress.map((r) => [r.inputs.referencedSecurityGroupId, r.inputs.cidrIpv4])).toEqual([[sgId("task"), undefined]]);
  });

  it("allows exactly these egress rules, none to the internet", () => {
    expect(rules(EGRESS)).toEqual({
      "sg-alb-to-task": {
        group: sgId("alb"),
        ipProtocol: "tcp",
        ports: [8080, 8080],
        peer: sgId("task"),
        description: "Requests and health checks from the ALB to tasks on the app port",
        name: "alb-to-task-dev",
      },
      "sg-task-to-endpoint": {
        group: sgId("task"),
        ipProtocol: "tcp",
        ports: [443, 443],
        peer: sgId("endpoint"),
        description: "AWS APIs (ECR, Logs, Secrets Manager, ...) through the interface endpoints",
        name: "task-to-endpoint-dev",
      },
      "sg-task-to-s3": {
        group: sgId("task"),
        ipProtocol: "tcp",
        ports: [443, 443],
        peer: S3_PREFIX_LIST_ID,
        description: "S3 (data buckets and ECR image layers) through the gateway endpoint",
        name: "task-to-s3-dev",
      },
      "sg-task-to-database": {
        group: sgId("task"),
        ipProtocol: "tcp",
        ports: [5432, 5432],
        peer: sgId("database"),
        description: "PostgreSQL connections from tasks to Aurora",
        name: "task-to-database-dev",
      },
    });
  });

  it("gives the database and endpoint groups no egress at all", () => {
    const egressGroups = harness.ofType(EGRESS).map((r) => r.inputs.securityGroupId);
    expect(egressGroups).not.toContain(sgId("database"));
    expect(egressGroups).not.toContain(sgId("endpoint"));
  });

  it("looks the S3 prefix list up by the region's service name", () => {
    expect(prefixListLookups).toEqual([{ name: "com.amazonaws.us-east-2.s3" }]);
  });

  it("parents every resource to the component", () => {
    const parent = harness.one("fin:network:SecurityGroups").urn;
    expect(harness.awsResources()).toHaveLength(4 + 7 + 4);
    expect(harness.awsResources().every((r) => r.parent === parent)).toBe(true);
  });

  it("keys per-CIDR rules by a name-safe form of the CIDR", () => {
    expect(cidrKey("10.20.30.0/24")).toBe("10-20-30-0-24");
  });
});
