import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeFlowLogsCommand, DescribeNatGatewaysCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcEndpointsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { NetworkOutputs, SecurityOutputs } from "@fin/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { GUEST_OWN_OUTPUTS, guestNetworkCheck } from "../src/checks/network";
import { auditCli } from "../src/audit";
import { integrationCli } from "../src/cli";
import { checksForLayer } from "../src/layers";
import { deployCommand, loadNetworkHost } from "../src/outputs";
import { networkHostOf } from "../src/shared-network";
import { ACCOUNT, NETWORK, REGION, SECURITY, clients } from "./support/fixtures";

const ec2 = mockClient(EC2Client);
const logs = mockClient(CloudWatchLogsClient);
const sts = mockClient(STSClient);
const kms = mockClient(KMSClient);
const aws = clients();

/** pr-shared's outputs: the fixture network and keys of its own. */
const HOST_SECURITY: SecurityOutputs = { ...SECURITY, logsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/5d0e7a6c-4fdb-4c9b-9e95-b05b6c7d8e9f`, logsKeyId: "5d0e7a6c-4fdb-4c9b-9e95-b05b6c7d8e9f", logsKeyAlias: "alias/logs-key-pr-shared" };
const HOST_NETWORK: NetworkOutputs = { ...NETWORK, flowLogGroupName: "/aws/vpc/flow-logs-pr-shared" };
/** pr-1's network outputs as the contract says a guest exports them: the host's, with its own two groups. */
const GUEST: NetworkOutputs = { ...HOST_NETWORK, albSecurityGroupId: "sg-0ab0000000000001a", databaseSecurityGroupId: "sg-0ab0000000000001c" };
const HOST = { stack: "pr-shared", security: HOST_SECURITY, network: HOST_NETWORK };

let root: string;
const write = (stack: string, layer: string, file: string, content: unknown) => {
  fs.mkdirSync(path.join(root, "dist", stack, layer), { recursive: true });
  fs.writeFileSync(path.join(root, "dist", stack, layer, file), JSON.stringify(content));
};
/** A synthesized network plan of `stack` holding the given StackReferences. */
const plan = (stack: string, references: string[]) => {
  const urn = (type: string, name: string) => `urn:pulumi:${stack}::fin-network::${type}::${name}`;
  write(stack, "network", "preview.json", {
    steps: [
      { op: "create", urn: urn("pulumi:pulumi:Stack", `fin-network-${stack}`), newState: { type: "pulumi:pulumi:Stack", inputs: {} } },
      ...references.map((name) => ({ op: "read", urn: urn("pulumi:pulumi:StackReference", name), newState: { type: "pulumi:pulumi:StackReference", custom: true, inputs: { name } } })),
    ],
  });
  write(stack, "network", "synth.json", { project: "fin-network", stack });
  write(stack, "network", "mock-outputs.json", {});
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-shared-"));
  for (const client of [ec2, logs, sts, kms]) client.reset();
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("networkHostOf: a guest network, from its synthesized plan", () => {
  it("is the stack of the plan's fin-network StackReference; none for its own network, another layer or no plan", () => {
    plan("pr-1", ["organization/fin-security/pr-1", "organization/fin-network/pr-shared"]);
    plan("dev", ["organization/fin-security/dev"]);
    plan("pr-2", ["organization/fin-network/pr-2"]);
    const dist = path.join(root, "dist");
    expect([networkHostOf(dist, "pr-1", root), networkHostOf(dist, "dev", root), networkHostOf(dist, "pr-2", root), networkHostOf(dist, "pr-9", root)]).toEqual(["pr-shared", undefined, undefined, undefined]);
    expect(loadNetworkHost(dist, "data", "pr-1", root)).toBeUndefined();
    expect(loadNetworkHost(dist, "network", "dev", root)).toBeUndefined();
  });

  it("reads the host's deployed security and network outputs, and names the deploy to run when they are missing", () => {
    plan("pr-1", ["organization/fin-network/pr-shared"]);
    const dist = path.join(root, "dist");
    expect(() => loadNetworkHost(dist, "network", "pr-1", root)).toThrow(
      "no deployed outputs for security/pr-shared: dist/pr-shared/security/outputs.json does not exist. Deploy it first: npx nx run security:deploy --stack=pr-shared",
    );
    write("pr-shared", "security", "outputs.json", HOST_SECURITY);
    write("pr-shared", "network", "outputs.json", HOST_NETWORK);
    expect(loadNetworkHost(dist, "network", "pr-1", root)).toEqual(HOST);
    expect([deployCommand("network", "prod"), deployCommand("compute", "pr-7")]).toEqual(["npx nx run network:deploy -c prod", "npx nx run compute:deploy --stack=pr-7"]);
  });
});

describe("the network checks of a guest", () => {
  it("judge the host's flow-log group against the host's logs key, and add the guest check", () => {
    const checks = checksForLayer("network", { network: GUEST, security: SECURITY }, REGION, { host: HOST });
    expect(checks.map((c) => [c.id, c.resource])).toEqual([
      ["vpc.availability-zones", HOST_NETWORK.vpcId],
      ["vpc.private-subnets", HOST_NETWORK.privateSubnetIds.join(",")],
      ["vpc.no-nat-gateway", HOST_NETWORK.vpcId],
      ["vpc.endpoints", [HOST_NETWORK.s3GatewayEndpointId, ...Object.values(HOST_NETWORK.interfaceEndpointIds)].join(",")],
      ["logs.flow-logs", "/aws/vpc/flow-logs-pr-shared"],
      ["vpc.flow-log-delivery", HOST_NETWORK.vpcId],
      ["vpc.guest-of-host", "sg-0ab0000000000001a,sg-0ab0000000000001c"],
    ]);
  });

  it("pass the flow-log group under the host's key, which the guest's own key would have failed", async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: "/aws/vpc/flow-logs-pr-shared", retentionInDays: 30, kmsKeyId: HOST_SECURITY.logsKeyArn }] });
    const flowLogs = (host?: typeof HOST) => checksForLayer("network", { network: GUEST, security: SECURITY }, REGION, host ? { host } : {}).find((c) => c.id === "logs.flow-logs")!;
    expect((await flowLogs(HOST).run(aws)).pass).toBe(true);
    expect((await flowLogs().run(aws)).pass).toBe(false);
  });
});

describe("guestNetworkCheck", () => {
  it("passes when every other output is the host's and its own two groups sit in the host's VPC", async () => {
    ec2.on(DescribeSecurityGroupsCommand, { GroupIds: [GUEST.albSecurityGroupId, GUEST.databaseSecurityGroupId] }).resolves(groupsIn(HOST_NETWORK.vpcId));
    const check = guestNetworkCheck(GUEST, HOST);
    expect([check.id, check.title]).toEqual(["vpc.guest-of-host", "the network is pr-shared's, with this environment's own ALB and database security groups in its VPC"]);
    expect(GUEST_OWN_OUTPUTS).toEqual(["albSecurityGroupId", "databaseSecurityGroupId"]);
    expect(await check.run(aws)).toEqual({
      pass: true,
      expected: { notReexported: [], groups: { albSecurityGroupId: "in the host's VPC", databaseSecurityGroupId: "in the host's VPC" }, sameAsHost: [] },
      observed: { notReexported: [], groups: { albSecurityGroupId: "in the host's VPC", databaseSecurityGroupId: "in the host's VPC" }, sameAsHost: [] },
    });
  });

  it("fails on an output that is not the host's, a group elsewhere or gone, and the host's own group", async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: GUEST.albSecurityGroupId, VpcId: "vpc-0ffffffffffffffff" }] });
    const drifted = { ...GUEST, vpcCidr: "10.99.0.0/16", interfaceEndpointIds: { logs: "vpce-1" } };
    expect((await guestNetworkCheck(drifted, HOST).run(aws)).observed).toEqual({
      notReexported: ["vpcCidr", "interfaceEndpointIds"],
      groups: { albSecurityGroupId: "in vpc-0ffffffffffffffff", databaseSecurityGroupId: "sg-0ab0000000000001c missing" },
      sameAsHost: [],
    });
    ec2.on(DescribeSecurityGroupsCommand).resolves({});
    const shared = await guestNetworkCheck({ ...GUEST, databaseSecurityGroupId: HOST_NETWORK.databaseSecurityGroupId }, HOST).run(aws);
    expect([shared.pass, (shared.observed as { sameAsHost: string[] }).sameAsHost]).toEqual([false, ["databaseSecurityGroupId"]]);
  });
});

describe("integration of a guest network", () => {
  it("runs the network checks against pr-shared's outputs and keys", async () => {
    plan("pr-1", ["organization/fin-network/pr-shared"]);
    write("pr-1", "network", "outputs.json", GUEST);
    write("pr-1", "security", "outputs.json", SECURITY);
    write("pr-shared", "security", "outputs.json", HOST_SECURITY);
    write("pr-shared", "network", "outputs.json", HOST_NETWORK);
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [] });
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves(groupsIn(HOST_NETWORK.vpcId));
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: "/aws/vpc/flow-logs-pr-shared", retentionInDays: 30, kmsKeyId: HOST_SECURITY.logsKeyArn }] });
    kms.on(DescribeKeyCommand).resolves({});
    kms.on(GetKeyRotationStatusCommand).resolves({});
    const out: string[] = [];
    const err: string[] = [];
    const code = await integrationCli(["stacks/network", "--stack=pr-1"], { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }, { out: (t) => void out.push(t), err: (t) => void err.push(t) }, root);
    const report = JSON.parse(fs.readFileSync(path.join(root, "dist", "pr-1", "network", "integration.json"), "utf8"));
    expect(code).toBe(1);
    expect(Object.fromEntries(report.results.map((r: { id: string; status: string }) => [r.id, r.status]))).toMatchObject({ "logs.flow-logs": "pass", "vpc.guest-of-host": "pass" });
  });

  it("stops before any check when pr-shared's outputs are missing", async () => {
    plan("pr-1", ["organization/fin-network/pr-shared"]);
    write("pr-1", "network", "outputs.json", GUEST);
    write("pr-1", "security", "outputs.json", SECURITY);
    const err: string[] = [];
    expect(await integrationCli(["stacks/network", "--stack=pr-1"], {}, { out: () => undefined, err: (t) => void err.push(t) }, root)).toBe(1);
    expect(err).toEqual([
      "integration network/pr-1 cannot run: no deployed outputs for security/pr-shared: dist/pr-shared/security/outputs.json does not exist. Deploy it first: npx nx run security:deploy --stack=pr-shared",
    ]);
  });
});

describe("audit of a guest network", () => {
  it("judges the guest's network against pr-shared's outputs too, and stops without them", async () => {
    plan("pr-1", ["organization/fin-network/pr-shared"]);
    write("pr-1", "network", "outputs.json", GUEST);
    write("pr-1", "security", "outputs.json", SECURITY);
    write("pr-1", "network", "drift.json", { status: "none", resources: [] });
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => void err.push(t) };
    expect(await auditCli(["stacks/network", "--stack=pr-1"], {}, io, root)).toBe(1);
    expect(err).toEqual([
      "audit network/pr-1 cannot run: no deployed outputs for security/pr-shared: dist/pr-shared/security/outputs.json does not exist. Deploy it first: npx nx run security:deploy --stack=pr-shared",
    ]);
    write("pr-shared", "security", "outputs.json", HOST_SECURITY);
    write("pr-shared", "network", "outputs.json", HOST_NETWORK);
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    ec2.on(DescribeSecurityGroupsCommand).resolves(groupsIn(HOST_NETWORK.vpcId));
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: "/aws/vpc/flow-logs-pr-shared", retentionInDays: 30, kmsKeyId: HOST_SECURITY.logsKeyArn }] });
    await auditCli(["stacks/network", "--stack=pr-1"], { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" }, io, root);
    const audit = JSON.parse(fs.readFileSync(path.join(root, "dist", "pr-1", "network", "audit.json"), "utf8"));
    expect(Object.fromEntries(audit.results.map((r: { id: string; status: string }) => [r.id, r.status]))).toMatchObject({ "logs.flow-logs": "pass", "vpc.guest-of-host": "pass" });
  });
});

function groupsIn(vpc: string) {
  return { SecurityGroups: [{ GroupId: GUEST.albSecurityGroupId, VpcId: vpc }, { GroupId: GUEST.databaseSecurityGroupId, VpcId: vpc }] };
}
