import { MockHarness, TEST_ACCOUNT_ID, runProgram, setupMocks } from "@fin/testing";
import { FlowLogs, logGroupsOfAccount } from "../src/flow-logs";
import { LOGS_KEY_ARN } from "./fixtures";

const T = {
  group: "aws:cloudwatch/logGroup:LogGroup",
  role: "aws:iam/role:Role",
  policy: "aws:iam/policy:Policy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  flowLog: "aws:ec2/flowLog:FlowLog",
};
const VPC_ID = "vpc-0123456789abcdef0";
const GROUP_ARN = `arn:aws:logs:us-east-2:${TEST_ACCOUNT_ID}:log-group:/aws/vpc/flow-logs-dev`;

let harness: MockHarness;

beforeAll(async () => {
  harness = await setupMocks({ project: "fin-network", stack: "dev" });
  await runProgram(() => new FlowLogs("flow", { vpcId: VPC_ID, logsKeyArn: LOGS_KEY_ARN, region: "us-east-2", environmentSuffix: "dev" }));
});

describe("FlowLogs", () => {
  it("keeps the log group exactly 30 days, encrypted with the logs key", () => {
    expect(harness.one(T.group).inputs).toEqual({
      name: "/aws/vpc/flow-logs-dev",
      retentionInDays: 30,
      kmsKeyId: LOGS_KEY_ARN,
      tags: { Name: "/aws/vpc/flow-logs-dev" },
    });
  });

  it("lets only this account's VPC flow logs assume the delivery role", () => {
    const { assumeRolePolicy, ...inputs } = harness.one(T.role).inputs;
    expect(inputs).toEqual({
      name: "vpc-flow-logs-dev",
      description: "Delivers the VPC flow logs to /aws/vpc/flow-logs-dev",
      tags: { Name: "vpc-flow-logs-dev" },
    });
    expect(JSON.parse(assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowVpcFlowLogsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID },
            ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-2:${TEST_ACCOUNT_ID}:vpc-flow-log/*` },
          },
        },
      ],
    });
  });

  it("grants delivery on the flow-log group and its streams only, through a customer-managed policy", () => {
    const { policy, ...inputs } = harness.one(T.policy).inputs;
    expect(inputs).toEqual({
      name: "vpc-flow-logs-dev",
      description: "Writes VPC flow log records to /aws/vpc/flow-logs-dev only",
      tags: { Name: "vpc-flow-logs-dev" },
    });
    expect(JSON.parse(policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DeliverToTheFlowLogGroup",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [GROUP_ARN, `${GROUP_ARN}:*`],
        },
        {
          // Evaluated against `log-group::log-stream:`, which only a pattern over all groups matches.
          Sid: "ListLogGroups",
          Effect: "Allow",
          Action: ["logs:DescribeLogGroups"],
          Resource: `arn:aws:logs:us-east-2:${TEST_ACCOUNT_ID}:log-group:*`,
        },
      ],
    });
    expect(harness.one(T.attachment).inputs).toEqual({ role: "vpc-flow-logs-dev", policyArn: harness.one(T.policy).id });
    expect(harness.ofType("aws:iam/rolePolicy:RolePolicy")).toHaveLength(0);
  });

  it("scopes DescribeLogGroups to the account and region of the group's ARN", () => {
    expect(logGroupsOfAccount("arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:/a/b")).toBe("arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:*");
  });

  it("logs all traffic of the VPC to the group, once the role may write there", () => {
    const flowLog = harness.one(T.flowLog);
    expect(flowLog.inputs).toEqual({
      vpcId: VPC_ID,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: GROUP_ARN,
      iamRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/vpc-flow-logs-dev`,
      maxAggregationInterval: 60,
      tags: { Name: "vpc-flow-log-dev" },
    });
    expect(flowLog.dependsOn).toContain(harness.one(T.attachment).urn);
  });

  it("declares exactly these five resources under the component", () => {
    const parent = harness.one("fin:network:FlowLogs").urn;
    expect(harness.awsResources().map((r) => r.type)).toEqual([T.group, T.role, T.policy, T.attachment, T.flowLog]);
    expect(harness.awsResources().every((r) => r.parent === parent)).toBe(true);
  });
});
