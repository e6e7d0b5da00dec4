import * as pulumi from "@pulumi/pulumi";
import { NETWORK_OUTPUT_KEYS } from "@fin/contracts";
import { MockHarness, TEST_AZS, runProgram, setupMocks } from "@fin/testing";
import { LOGS_KEY_ARN, STACK_OUTPUTS, devConfig } from "./fixtures";

interface InvokeRequest {
  getTok(): string;
  getArgs(): { toJavaScript(): Record<string, unknown> };
  getProvider(): string;
}

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  igw: "aws:ec2/internetGateway:InternetGateway",
  routeTable: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  group: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  policy: "aws:iam/policy:Policy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  flowLog: "aws:ec2/flowLog:FlowLog",
};
const INTERFACE_SERVICES = ["ecr.api", "ecr.dkr", "logs", "kinesis-streams", "monitoring", "ecs"];

let harness: MockHarness;
let outputs: Record<string, unknown>;
/** Every invoke the program made: token, inputs and the provider reference it went through. */
const invokes: Array<{ token: string; inputs: Record<string, unknown>; provider: string }> = [];

beforeAll(async () => {
  // The dev stack's own suffix, whatever the shell running the tests exports.
  delete process.env.ENVIRONMENT_SUFFIX;
  harness = await setupMocks({ project: "fin-network", stack: "dev", config: devConfig(), stackOutputs: STACK_OUTPUTS });
  // The mock monitor hands each invoke request to the mocks; record which provider it names.
  const monitor = pulumi.runtime.getMonitor() as unknown as { invoke: (req: InvokeRequest, cb: unknown) => unknown };
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req, cb) => {
    invokes.push({ token: req.getTok(), inputs: req.getArgs().toJavaScript(), provider: req.getProvider() });
    return invoke(req, cb);
  };
  // Loaded the way Pulumi loads `main`, after the mocks are installed (an import would be hoisted).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  outputs = await runProgram(() => require("../index"));
});

const ids = (type: string, names: string[]) => names.map((n) => harness.one(type, n).id);
const perAz = (prefix: string) => TEST_AZS.map((az) => `${prefix}-${az}`);

describe("fin-network program (dev)", () => {
  it("declares exactly this inventory: one VPC, six subnets, no NAT gateway or EIP", () => {
    const counts: Record<string, number> = {};
    harness.awsResources().forEach((r) => (counts[r.type] = (counts[r.type] ?? 0) + 1));
    expect(counts).toEqual({
      [T.vpc]: 1,
      [T.defaultSg]: 1,
      [T.subnet]: 6,
      [T.igw]: 1,
      [T.routeTable]: 4,
      [T.route]: 1,
      [T.association]: 6,
      [T.sg]: 4,
      [T.ingress]: 2,
      [T.endpoint]: 7,
      [T.group]: 1,
      [T.role]: 1,
      [T.policy]: 1,
      [T.attachment]: 1,
      [T.flowLog]: 1,
    });
    expect(harness.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(0);
    expect(harness.ofType("aws:ec2/eip:Eip")).toHaveLength(0);
    expect(new Set(harness.ofType(T.subnet).map((s) => s.inputs.availabilityZone))).toEqual(new Set(TEST_AZS));
    expect(harness.ofType(T.subnet).every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
  });

  it("checks the configured AZs against the region's available ones through the explicit provider", () => {
    const provider = harness.one("pulumi:providers:aws");
    const zoneLookups = invokes.filter((i) => i.token === "aws:index/getAvailabilityZones:getAvailabilityZones");
    expect(zoneLookups).toEqual([{ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: { state: "available" }, provider: `${provider.urn}::${provider.id}` }]);
    expect(harness.ofType(T.subnet).map((s) => s.inputs.availabilityZone)).toEqual([...TEST_AZS, ...TEST_AZS]);
  });

  it("creates the flow-log group and role only after the VPC, so a failed AZ check creates nothing", () => {
    const vpcUrn = harness.one(T.vpc).urn;
    expect(harness.one("fin:network:FlowLogs").dependsOn).toEqual([vpcUrn]);
    expect(harness.resources.findIndex((r) => r.type === T.group)).toBeGreaterThan(harness.resources.findIndex((r) => r.type === T.vpc));
  });

  it("reads the security layer of the same environment through its StackReference", () => {
    expect(harness.one("pulumi:pulumi:StackReference").inputs.name).toBe("organization/fin-security/dev");
  });

  it("declares every AWS resource with the explicit, tagged us-east-2 provider", () => {
    const provider = harness.one("pulumi:providers:aws");
    expect(provider.inputs.region).toBe("us-east-2");
    expect(JSON.parse(provider.inputs.defaultTags)).toEqual({
      tags: {
        environment: "dev",
        "environment-suffix": "dev",
        layer: "network",
        owner: "platform-team",
        "cost-center": "trading-analytics",
        "data-classification": "confidential",
        "managed-by": "pulumi",
        "environment-profile": "production",
      },
    });
    const ref = `${provider.urn}::${provider.id}`;
    expect(harness.awsResources().filter((r) => r.provider !== ref)).toEqual([]);
  });

  it("creates every interface endpoint with private DNS in the three private subnets", () => {
    const privateSubnets = ids(T.subnet, perAz("platform-private"));
    const endpointSg = harness.one(T.sg, "platform-endpoint").id;
    for (const service of INTERFACE_SERVICES) {
      expect(harness.one(T.endpoint, `platform-${service}`).inputs).toMatchObject({
        serviceName: `com.amazonaws.us-east-2.${service}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: privateSubnets,
        securityGroupIds: [endpointSg],
      });
    }
    expect(harness.one(T.endpoint, "platform-s3").inputs).toMatchObject({
      serviceName: "com.amazonaws.us-east-2.s3",
      vpcEndpointType: "Gateway",
      routeTableIds: ids(T.routeTable, perAz("platform-private")),
    });
  });

  it("opens the internet only to the ALB on 443 and 80, and leaves every rule naming a service to compute", () => {
    const summary = (type: string) =>
      harness
        .ofType(type)
        .map((r) => `${r.name}: ${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId}`)
        .sort();
    expect(summary(T.ingress)).toEqual(["platform-alb-http-from-0-0-0-0-0: 80-80 0.0.0.0/0", "platform-alb-https-from-0-0-0-0-0: 443-443 0.0.0.0/0"]);
    expect(harness.ofType(T.egress)).toEqual([]);
    expect(harness.ofType(T.ingress).every((r) => r.inputs.ipProtocol === "tcp" && r.inputs.description)).toBe(true);
  });

  it("sends all VPC traffic to a 30-day group encrypted with the security layer's logs key", () => {
    expect(harness.one(T.group).inputs).toMatchObject({ name: "/aws/vpc/flow-logs-dev", retentionInDays: 30, kmsKeyId: LOGS_KEY_ARN });
    expect(harness.one(T.flowLog).inputs).toMatchObject({
      vpcId: harness.one(T.vpc).id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: `arn:aws:logs:us-east-2:123456789012:log-group:/aws/vpc/flow-logs-dev`,
    });
  });

  it("exports the NetworkOutputs contract, per-AZ lists in AZ order", () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(NETWORK_OUTPUT_KEYS).sort());
    expect(outputs).toEqual({
      vpcId: harness.one(T.vpc).id,
      vpcCidr: "10.0.0.0/16",
      availabilityZones: [...TEST_AZS],
      publicSubnetIds: ids(T.subnet, perAz("platform-public")),
      privateSubnetIds: ids(T.subnet, perAz("platform-private")),
      privateRouteTableIds: ids(T.routeTable, perAz("platform-private")),
      albSecurityGroupId: harness.one(T.sg, "platform-alb").id,
      databaseSecurityGroupId: harness.one(T.sg, "platform-database").id,
      endpointSecurityGroupId: harness.one(T.sg, "platform-endpoint").id,
      appPort: 8080,
      databasePort: 5432,
      s3GatewayEndpointId: harness.one(T.endpoint, "platform-s3").id,
      interfaceEndpointIds: Object.fromEntries(INTERFACE_SERVICES.map((s) => [s, harness.one(T.endpoint, `platform-${s}`).id])),
      flowLogGroupName: "/aws/vpc/flow-logs-dev",
    });
  });
});
