import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  Subnet,
  VpcEndpoint,
} from "@aws-sdk/client-ec2";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { kmsKeyCheck } from "../src/checks/kms";
import { logGroupCheck } from "../src/checks/logs";
import { availabilityZonesCheck, endpointsCheck, noNatGatewayCheck, privateSubnetsCheck } from "../src/checks/network";
import { ACCOUNT, NETWORK, REGION, SECURITY, awsError, clients, keyRef, without } from "./support/fixtures";

const kms = mockClient(KMSClient);
const ec2 = mockClient(EC2Client);
const logs = mockClient(CloudWatchLogsClient);
const aws = clients();

beforeEach(() => {
  kms.reset();
  ec2.reset();
  logs.reset();
});

describe("kmsKeyCheck", () => {
  const keyMetadata = (overrides: object = {}) => ({
    KeyMetadata: {
      AWSAccountId: ACCOUNT,
      KeyId: SECURITY.storageKeyId,
      Arn: SECURITY.storageKeyArn,
      Enabled: true,
      KeyUsage: "ENCRYPT_DECRYPT" as const,
      KeyState: "Enabled" as const,
      Origin: "AWS_KMS" as const,
      KeyManager: "CUSTOMER" as const,
      KeySpec: "SYMMETRIC_DEFAULT" as const,
      ...overrides,
    },
  });

  it("passes for an enabled customer-managed key with rotation", async () => {
    kms.on(DescribeKeyCommand, { KeyId: SECURITY.storageKeyArn }).resolves(keyMetadata());
    kms.on(GetKeyRotationStatusCommand, { KeyId: SECURITY.storageKeyArn }).resolves({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    const check = kmsKeyCheck("storage", keyRef("storage"));
    expect(check).toMatchObject({ id: "kms.storage", resource: "alias/storage-key-dev" });
    expect(await check.run(aws)).toEqual({
      pass: true,
      expected: { keyState: "Enabled", keyManager: "CUSTOMER", rotation: true },
      observed: { keyState: "Enabled", keyManager: "CUSTOMER", rotation: true },
    });
  });

  it("fails when rotation is off", async () => {
    kms.on(DescribeKeyCommand).resolves(keyMetadata());
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    expect((await kmsKeyCheck("storage", keyRef("storage")).run(aws)).observed).toEqual({ keyState: "Enabled", keyManager: "CUSTOMER", rotation: false });
  });

  it("fails for a key pending deletion", async () => {
    kms.on(DescribeKeyCommand).resolves(keyMetadata({ Enabled: false, KeyState: "PendingDeletion" }));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    const result = await kmsKeyCheck("storage", keyRef("storage")).run(aws);
    expect(result.pass).toBe(false);
    expect(result.observed).toEqual({ keyState: "PendingDeletion", keyManager: "CUSTOMER", rotation: true });
  });

  it("fails for an AWS-managed key", async () => {
    kms.on(DescribeKeyCommand).resolves(keyMetadata({ KeyManager: "AWS" }));
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
    expect((await kmsKeyCheck("storage", keyRef("storage")).run(aws)).pass).toBe(false);
  });

  it("reads an empty answer as nothing", async () => {
    kms.on(DescribeKeyCommand).resolves({});
    kms.on(GetKeyRotationStatusCommand).resolves({});
    expect(await kmsKeyCheck("storage", keyRef("storage")).run(aws)).toMatchObject({ pass: false, observed: { keyState: undefined, keyManager: undefined, rotation: false } });
  });

  it("lets AWS errors through to the runner", async () => {
    kms.on(DescribeKeyCommand).rejects(awsError("NotFoundException", `Key '${SECURITY.storageKeyArn}' does not exist`, 400));
    await expect(kmsKeyCheck("storage", keyRef("storage")).run(aws)).rejects.toThrow("does not exist");
  });
});

describe("logGroupCheck", () => {
  const group = (overrides: object = {}) => ({
    logGroupName: "/aws/vpc/flow-logs-dev",
    creationTime: 1732521600000,
    retentionInDays: 30,
    metricFilterCount: 0,
    arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vpc/flow-logs-dev:*`,
    storedBytes: 0,
    kmsKeyId: SECURITY.logsKeyArn,
    logGroupClass: "STANDARD" as const,
    ...overrides,
  });

  it("passes at 30 days with the logs key, ignoring longer names with the same prefix", async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: "/aws/vpc/flow-logs-dev" }).resolves({
      logGroups: [group(), group({ logGroupName: "/aws/vpc/flow-logs-dev-old", retentionInDays: 1 })],
    });
    expect(await logGroupCheck("logs.flow-logs", NETWORK.flowLogGroupName, keyRef("logs")).run(aws)).toEqual({
      pass: true,
      expected: { retentionInDays: 30, kmsKeyId: SECURITY.logsKeyArn },
      observed: { retentionInDays: 30, kmsKeyId: SECURITY.logsKeyArn },
    });
  });

  it("fails at 14 days", async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [group({ retentionInDays: 14 })] });
    const result = await logGroupCheck("logs.flow-logs", NETWORK.flowLogGroupName, keyRef("logs")).run(aws);
    expect(result).toMatchObject({ pass: false, observed: { retentionInDays: 14 } });
  });

  it("fails without retention (never expire) or without a key", async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [without(group(), "retentionInDays")] });
    expect((await logGroupCheck("x", NETWORK.flowLogGroupName, keyRef("logs")).run(aws)).observed).toEqual({ retentionInDays: null, kmsKeyId: SECURITY.logsKeyArn });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [without(group(), "kmsKeyId")] });
    expect(await logGroupCheck("x", NETWORK.flowLogGroupName, keyRef("logs")).run(aws)).toMatchObject({ pass: false, observed: { kmsKeyId: null } });
  });

  it("reports a missing log group as not found", async () => {
    logs.on(DescribeLogGroupsCommand).resolves({});
    await expect(logGroupCheck("x", "/aws/vpc/flow-logs-dev", keyRef("logs")).run(aws)).rejects.toThrow("log group /aws/vpc/flow-logs-dev does not exist");
  });
});

const subnet = (id: string, az: string, overrides: Partial<Subnet> = {}): Subnet => ({
  SubnetId: id,
  VpcId: NETWORK.vpcId,
  AvailabilityZone: az,
  AvailabilityZoneId: `use2-az${az.slice(-1) === "a" ? 1 : az.slice(-1) === "b" ? 2 : 3}`,
  CidrBlock: "10.20.0.0/24",
  State: "available",
  MapPublicIpOnLaunch: false,
  DefaultForAz: false,
  OwnerId: ACCOUNT,
  ...overrides,
});
const AZS = ["us-east-2a", "us-east-2b", "us-east-2c"];
const allSubnets = () => [
  ...NETWORK.publicSubnetIds.map((id, i) => subnet(id, AZS[i])),
  ...NETWORK.privateSubnetIds.map((id, i) => subnet(id, AZS[i])),
];

describe("availabilityZonesCheck", () => {
  it("passes for public and private subnets over 3 AZs in the VPC", async () => {
    ec2.on(DescribeSubnetsCommand, { SubnetIds: [...NETWORK.publicSubnetIds, ...NETWORK.privateSubnetIds] }).resolves({ Subnets: allSubnets() });
    expect(await availabilityZonesCheck(NETWORK).run(aws)).toEqual({
      pass: true,
      expected: { publicAzCount: 3, privateAzCount: 3, outsideVpc: [] },
      observed: { publicAzs: AZS, privateAzs: AZS, outsideVpc: [] },
    });
  });

  it("fails when private subnets share an AZ or a subnet sits in another VPC", async () => {
    const subnets = allSubnets();
    subnets[5] = subnet(NETWORK.privateSubnetIds[2], "us-east-2b", { VpcId: "vpc-0ffffffffffffffff" });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: subnets });
    expect(await availabilityZonesCheck(NETWORK).run(aws)).toMatchObject({
      pass: false,
      observed: { publicAzs: AZS, privateAzs: ["us-east-2a", "us-east-2b"], outsideVpc: [NETWORK.privateSubnetIds[2]] },
    });
  });

  it("fails on an empty answer", async () => {
    ec2.on(DescribeSubnetsCommand).resolves({});
    expect((await availabilityZonesCheck(NETWORK).run(aws)).pass).toBe(false);
  });
});

describe("privateSubnetsCheck", () => {
  const table = (id: string, routes: object[] = []) => ({
    RouteTableId: id,
    VpcId: NETWORK.vpcId,
    Routes: [{ DestinationCidrBlock: NETWORK.vpcCidr, GatewayId: "local", Origin: "CreateRouteTable", State: "active" }, ...routes],
  });

  it("passes with no public IPs and only local routes", async () => {
    ec2.on(DescribeSubnetsCommand, { SubnetIds: NETWORK.privateSubnetIds }).resolves({ Subnets: NETWORK.privateSubnetIds.map((id, i) => subnet(id, AZS[i])) });
    ec2.on(DescribeRouteTablesCommand, { RouteTableIds: NETWORK.privateRouteTableIds }).resolves({ RouteTables: NETWORK.privateRouteTableIds.map((id) => table(id)) });
    expect(await privateSubnetsCheck(NETWORK).run(aws)).toEqual({
      pass: true,
      expected: { publicIpOnLaunch: [], defaultRoutes: [] },
      observed: { publicIpOnLaunch: [], defaultRoutes: [] },
    });
  });

  it("fails on public IPs on launch and on default routes of any kind", async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet(NETWORK.privateSubnetIds[0], "us-east-2a", { MapPublicIpOnLaunch: true })] });
    ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        table("rtb-1", [{ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0123456789abcdef0", State: "active" }]),
        table("rtb-2", [{ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0123456789abcdef0", State: "active" }]),
        table("rtb-3", [{ DestinationIpv6CidrBlock: "::/0", TransitGatewayId: "tgw-0123456789abcdef0" }]),
        table("rtb-4", [{ DestinationCidrBlock: "0.0.0.0/0", NetworkInterfaceId: "eni-0123456789abcdef0" }]),
        table("rtb-5", [{ DestinationCidrBlock: "0.0.0.0/0", VpcPeeringConnectionId: "pcx-0123456789abcdef0" }]),
        { RouteTableId: "rtb-6" },
      ],
    });
    expect(await privateSubnetsCheck(NETWORK).run(aws)).toEqual({
      pass: false,
      expected: { publicIpOnLaunch: [], defaultRoutes: [] },
      observed: {
        publicIpOnLaunch: [NETWORK.privateSubnetIds[0]],
        defaultRoutes: ["rtb-1 -> nat-0123456789abcdef0", "rtb-2 -> igw-0123456789abcdef0", "rtb-3 -> tgw-0123456789abcdef0", "rtb-4 -> eni-0123456789abcdef0", "rtb-5 -> other"],
      },
    });
  });

  it("fails on public IPs alone", async () => {
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [subnet(NETWORK.privateSubnetIds[0], "us-east-2a", { MapPublicIpOnLaunch: true })] });
    ec2.on(DescribeRouteTablesCommand).resolves({});
    expect((await privateSubnetsCheck(NETWORK).run(aws)).pass).toBe(false);
  });

  it("reads empty answers as nothing wrong", async () => {
    ec2.on(DescribeSubnetsCommand).resolves({});
    ec2.on(DescribeRouteTablesCommand).resolves({});
    expect((await privateSubnetsCheck(NETWORK).run(aws)).pass).toBe(true);
  });
});

describe("noNatGatewayCheck", () => {
  it("asks only for live gateways of the VPC and passes when there are none", async () => {
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
    expect(await noNatGatewayCheck(NETWORK).run(aws)).toEqual({ pass: true, expected: [], observed: [] });
    expect(ec2.commandCalls(DescribeNatGatewaysCommand)[0].args[0].input).toEqual({
      Filter: [
        { Name: "vpc-id", Values: [NETWORK.vpcId] },
        { Name: "state", Values: ["pending", "available"] },
      ],
    });
  });

  it("fails naming the gateways it found", async () => {
    ec2.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [{ NatGatewayId: "nat-0a1b2c3d4e5f60718", State: "available", VpcId: NETWORK.vpcId, SubnetId: NETWORK.publicSubnetIds[0], ConnectivityType: "public" }],
    });
    expect(await noNatGatewayCheck(NETWORK).run(aws)).toEqual({ pass: false, expected: [], observed: ["nat-0a1b2c3d4e5f60718"] });
  });

  it("reads an empty answer as none", async () => {
    ec2.on(DescribeNatGatewaysCommand).resolves({});
    expect((await noNatGatewayCheck(NETWORK).run(aws)).pass).toBe(true);
  });
});

describe("endpointsCheck", () => {
  // The SDK types State as "Available", but EC2 (and moto) send lowercase values on the wire.
  const AVAILABLE = "available" as VpcEndpoint["State"];
  const gateway = (overrides: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
    VpcEndpointId: NETWORK.s3GatewayEndpointId,
    VpcEndpointType: "Gateway",
    VpcId: NETWORK.vpcId,
    ServiceName: "com.amazonaws.us-east-2.s3",
    State: AVAILABLE,
    RouteTableIds: [...NETWORK.privateRouteTableIds],
    SubnetIds: [],
    PrivateDnsEnabled: false,
    OwnerId: ACCOUNT,
    ...overrides,
  });
  const iface = (service: string, overrides: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
    VpcEndpointId: NETWORK.interfaceEndpointIds[service],
    VpcEndpointType: "Interface",
    VpcId: NETWORK.vpcId,
    ServiceName: `com.amazonaws.us-east-2.${service}`,
    State: AVAILABLE,
    RouteTableIds: [],
    SubnetIds: [...NETWORK.privateSubnetIds],
    Groups: [{ GroupId: NETWORK.endpointSecurityGroupId, GroupName: "endpoint-dev" }],
    PrivateDnsEnabled: true,
    NetworkInterfaceIds: ["eni-0a", "eni-0b", "eni-0c"],
    OwnerId: ACCOUNT,
    ...overrides,
  });

  it("passes when every exported endpoint is available and configured", async () => {
    ec2.on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [NETWORK.s3GatewayEndpointId, ...Object.values(NETWORK.interfaceEndpointIds)] }).resolves({
      VpcEndpoints: [gateway(), iface("ecr.api"), iface("logs")],
    });
    expect(await endpointsCheck(NETWORK, REGION).run(aws)).toEqual({
      pass: true,
      expected: { s3: "available", "ecr.api": "available", logs: "available" },
      observed: { s3: "available", "ecr.api": "available", logs: "available" },
    });
  });

  it("names each endpoint's problems", async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        gateway({ State: "pending" as VpcEndpoint["State"], RouteTableIds: [NETWORK.privateRouteTableIds[0]] }),
        iface("ecr.api", { PrivateDnsEnabled: false, ServiceName: "com.amazonaws.us-east-2.ecr.dkr", VpcEndpointType: "Gateway", VpcId: "vpc-0ffffffffffffffff" }),
      ],
    });
    expect((await endpointsCheck(NETWORK, REGION).run(aws)).observed).toEqual({
      s3: "state pending, not on every private route table",
      "ecr.api": "service com.amazonaws.us-east-2.ecr.dkr, type Gateway, vpc vpc-0ffffffffffffffff, private DNS off",
      logs: "vpce-0ee0000000000000c missing",
    });
  });

  it("handles endpoints with no state or route tables in the answer", async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [gateway({ State: undefined, RouteTableIds: undefined })] });
    const result = await endpointsCheck({ ...NETWORK, interfaceEndpointIds: {} }, REGION).run(aws);
    expect(result).toEqual({ pass: false, expected: { s3: "available" }, observed: { s3: "state unknown, not on every private route table" } });
  });

  it("reports all missing on an empty answer", async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({});
    expect((await endpointsCheck(NETWORK, REGION).run(aws)).pass).toBe(false);
  });
});
