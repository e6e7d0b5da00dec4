import { NETWORK_OUTPUT_KEYS } from "@fin/contracts";
import { MockHarness, TEST_AZS, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { STACK_DIR } from "./fixtures";

const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** What fin-network/pr-shared (the host) exports, as its StackReference returns it. */
const HOST = {
  vpcId: "vpc-0shared00000000000",
  vpcCidr: "10.0.0.0/16",
  availabilityZones: [...TEST_AZS],
  publicSubnetIds: ["subnet-pub-a", "subnet-pub-b", "subnet-pub-c"],
  privateSubnetIds: ["subnet-prv-a", "subnet-prv-b", "subnet-prv-c"],
  privateRouteTableIds: ["rtb-a", "rtb-b", "rtb-c"],
  albSecurityGroupId: "sg-host-alb",
  databaseSecurityGroupId: "sg-host-database",
  endpointSecurityGroupId: "sg-host-endpoint",
  appPort: 8080,
  databasePort: 5432,
  s3GatewayEndpointId: "vpce-s3",
  interfaceEndpointIds: { "ecr.api": "vpce-ecr-api", logs: "vpce-logs" },
  flowLogGroupName: "/aws/vpc/flow-logs-pr-shared",
};

let harness: MockHarness;
let outputs: Record<string, unknown>;

beforeAll(async () => {
  delete process.env.ENVIRONMENT_SUFFIX;
  harness = await setupMocks({
    project: "fin-network",
    stack: "pr-1",
    config: resolveStackConfig(STACK_DIR, "pr-1"),
    stackOutputs: { "organization/fin-network/pr-shared": HOST },
  });
  // Loaded the way Pulumi loads `main`, after the mocks are installed (an import would be hoisted).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  outputs = await runProgram(() => require("../index"));
});

describe("fin-network program (pr-1, a guest of pr-shared)", () => {
  it("declares exactly the stack, the provider, one reference to the host and this environment's two groups with the ALB's rules", () => {
    expect(harness.resources.map((r) => `${r.op} ${r.type} ${r.name}`).sort()).toEqual(
      [
        "create pulumi:pulumi:Stack fin-network-pr-1",
        "read pulumi:pulumi:StackReference organization/fin-network/pr-shared",
        "create pulumi:providers:aws aws-us-east-2",
        "create fin:network:SecurityGroups platform",
        `create ${SG} platform-alb`,
        `create ${SG} platform-database`,
        `create ${INGRESS} platform-alb-https-from-0-0-0-0-0`,
        `create ${INGRESS} platform-alb-http-from-0-0-0-0-0`,
      ].sort(),
    );
    expect(harness.resources).toHaveLength(8);
    // No VPC, subnet, endpoint, flow log, NAT, and no reference to the security layer (no flow-log key needed).
    const absent = ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcEndpoint:VpcEndpoint", "aws:ec2/flowLog:FlowLog", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip"];
    expect(harness.resources.filter((r) => absent.includes(r.type))).toEqual([]);
  });

  it("puts its groups in the host's VPC with the names, descriptions and rules a host's have", () => {
    expect(harness.ofType(SG).map((g) => g.inputs)).toEqual([
      {
        name: "alb-sg-pr-1",
        description: "Internet-facing ALB: HTTPS and HTTP in; egress to public services added by the compute layer",
        vpcId: HOST.vpcId,
        tags: { Name: "alb-sg-pr-1" },
      },
      {
        name: "database-sg-pr-1",
        description: "Aurora PostgreSQL: database port from services granted database:connect only, no egress",
        vpcId: HOST.vpcId,
        tags: { Name: "database-sg-pr-1" },
      },
    ]);
    const alb = harness.one(SG, "platform-alb").id;
    expect(
      harness
        .ofType(INGRESS)
        .map((r) => r.inputs)
        .sort((a, b) => a.fromPort - b.fromPort),
    ).toEqual([
      {
        securityGroupId: alb,
        ipProtocol: "tcp",
        fromPort: 80,
        toPort: 80,
        cidrIpv4: "0.0.0.0/0",
        description: "HTTP from 0.0.0.0/0 to the ALB, which redirects it to HTTPS",
        tags: { Name: "alb-http-from-0-0-0-0-0-pr-1" },
      },
      {
        securityGroupId: alb,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
        description: "HTTPS from 0.0.0.0/0 to the ALB",
        tags: { Name: "alb-https-from-0-0-0-0-0-pr-1" },
      },
    ]);
  });

  it("tags every resource as the ephemeral profile of environment pr-1 through the explicit provider", () => {
    const provider = harness.one("pulumi:providers:aws");
    expect(JSON.parse(provider.inputs.defaultTags).tags).toMatchObject({ environment: "pr-1", "environment-suffix": "pr-1", layer: "network", "environment-profile": "ephemeral" });
    expect(harness.awsResources().every((r) => r.provider === `${provider.urn}::${provider.id}`)).toBe(true);
  });

  it("exports the whole NetworkOutputs contract: the host's values, but its own ALB and database groups", () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(NETWORK_OUTPUT_KEYS).sort());
    expect(outputs).toEqual({
      ...HOST,
      albSecurityGroupId: harness.one(SG, "platform-alb").id,
      databaseSecurityGroupId: harness.one(SG, "platform-database").id,
    });
    expect(outputs.endpointSecurityGroupId).toBe("sg-host-endpoint");
  });
});
