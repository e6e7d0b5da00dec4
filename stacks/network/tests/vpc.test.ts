import { AWS_INVOKES, MockHarness, TEST_AZS, runProgram, setupMocks } from "@fin/testing";
import { Vpc } from "../src/vpc";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  igw: "aws:ec2/internetGateway:InternetGateway",
  routeTable: "aws:ec2/routeTable:RouteTable",
  route: "aws:ec2/route:Route",
  association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
};

let harness: MockHarness;
let component: Vpc;
const zoneLookups: unknown[] = [];

beforeAll(async () => {
  harness = await setupMocks({
    project: "fin-network",
    stack: "dev",
    invokes: {
      "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs) => {
        zoneLookups.push(inputs);
        return AWS_INVOKES["aws:index/getAvailabilityZones:getAvailabilityZones"](inputs);
      },
    },
  });
  await runProgram(() => {
    component = new Vpc("net", { cidrBlock: "10.0.0.0/16", availabilityZones: [...TEST_AZS], region: "us-east-2", environmentSuffix: "dev" });
  });
});

const vpcId = () => harness.one(T.vpc).id;
const idOf = (type: string, name: string) => harness.one(type, name).id;

describe("Vpc", () => {
  it("asks AWS once for the region's available zones and, all three being offered, passes them through", async () => {
    expect(zoneLookups).toEqual([{ state: "available" }]);
    expect(await new Promise((resolve) => component.availabilityZones.apply(resolve))).toEqual([...TEST_AZS]);
  });

  it("creates one VPC with DNS support and hostnames, as private DNS on endpoints needs", () => {
    expect(harness.ofType(T.vpc)).toHaveLength(1);
    expect(harness.one(T.vpc, "net").inputs).toEqual({
      cidrBlock: "10.0.0.0/16",
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: "vpc-dev" },
    });
  });

  it("creates a public and a private subnet in each of the 3 AZs, none mapping public IPs", () => {
    const subnets: Array<Record<string, any>> = harness.ofType(T.subnet).map((s) => ({ name: s.name, ...s.inputs }));
    const expected = (tier: string, az: string, cidrBlock: string) => ({
      name: `net-${tier}-${az}`,
      vpcId: vpcId(),
      availabilityZone: az,
      cidrBlock,
      mapPublicIpOnLaunch: false,
      tags: { Name: `${tier}-${az}-dev`, tier },
    });
    expect(subnets).toEqual([
      expected("public", "us-east-2a", "10.0.0.0/20"),
      expected("public", "us-east-2b", "10.0.16.0/20"),
      expected("public", "us-east-2c", "10.0.32.0/20"),
      expected("private", "us-east-2a", "10.0.48.0/20"),
      expected("private", "us-east-2b", "10.0.64.0/20"),
      expected("private", "us-east-2c", "10.0.80.0/20"),
    ]);
    expect(new Set(subnets.map((s) => s.availabilityZone)).size).toBe(3);
    expect(component.privateSubnets.map((s) => [s.availabilityZone, s.cidrBlock])).toEqual([
      ["us-east-2a", "10.0.48.0/20"],
      ["us-east-2b", "10.0.64.0/20"],
      ["us-east-2c", "10.0.80.0/20"],
    ]);
  });

  it("routes to the internet gateway from the public route table only", () => {
    expect(harness.one(T.igw).inputs).toEqual({ vpcId: vpcId(), tags: { Name: "igw-dev" } });
    expect(harness.ofType(T.route)).toHaveLength(1);
    expect(harness.one(T.route).inputs).toEqual({
      routeTableId: idOf(T.routeTable, "net-public"),
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: harness.one(T.igw).id,
    });
  });

  it("gives each private subnet its own route table with no routes of its own", () => {
    expect(harness.ofType(T.routeTable).map((t) => ({ name: t.name, ...t.inputs }))).toEqual([
      { name: "net-public", vpcId: vpcId(), tags: { Name: "public-rt-dev", tier: "public" } },
      ...TEST_AZS.map((az) => ({ name: `net-private-${az}`, vpcId: vpcId(), tags: { Name: `private-rt-${az}-dev`, tier: "private" } })),
    ]);
  });

  it("associates public subnets with the public table and each private subnet with its AZ's table", () => {
    const associations = harness.ofType(T.association).map((a) => [a.inputs.subnetId, a.inputs.routeTableId]);
    expect(associations).toEqual([
      ...TEST_AZS.map((az) => [idOf(T.subnet, `net-public-${az}`), idOf(T.routeTable, "net-public")]),
      ...TEST_AZS.map((az) => [idOf(T.subnet, `net-private-${az}`), idOf(T.routeTable, `net-private-${az}`)]),
    ]);
  });

  it("adopts the default security group with no rules at all", () => {
    expect(harness.one(T.defaultSg).inputs).toEqual({ vpcId: vpcId(), ingress: [], egress: [], tags: { Name: "default-sg-dev" } });
  });

  it("creates no NAT gateway, NAT instance address or other resource type", () => {
    const counts: Record<string, number> = {};
    harness.awsResources().forEach((r) => (counts[r.type] = (counts[r.type] ?? 0) + 1));
    expect(counts).toEqual({ [T.vpc]: 1, [T.defaultSg]: 1, [T.subnet]: 6, [T.igw]: 1, [T.routeTable]: 4, [T.route]: 1, [T.association]: 6 });
  });

  it("parents every resource to the component", () => {
    const parent = harness.one("fin:network:Vpc").urn;
    expect(harness.awsResources().every((r) => r.parent === parent)).toBe(true);
  });
});
