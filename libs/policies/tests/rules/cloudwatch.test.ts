import { LogGroupEncryptedWithCustomerKey, LogGroupRetainsRequiredDays, ServiceLogGroupsDeclared } from "../../src/rules/cloudwatch";
import { messagesOf, res, urnOf, violationsOf } from "../plan-builder";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY_ARN = "arn:aws:kms:us-east-2:123456789012:key/logs";

describe("log-group-retains-required-days", () => {
  it("passes a group retaining exactly 30 days", async () => {
    expect(await messagesOf(LogGroupRetainsRequiredDays, res(LOG_GROUP, "app", { name: "/aws/ecs/app-dev", retentionInDays: 30 }))).toEqual([]);
  });

  it.each([
    [14, "retentionInDays is 14; the requirements fix it at exactly 30 days."],
    [365, "retentionInDays is 365; the requirements fix it at exactly 30 days."],
    [undefined, "retentionInDays is unset; the requirements fix it at exactly 30 days."],
  ])("reports retention %s as a mandatory violation on the group", async (days, message) => {
    expect(await violationsOf(LogGroupRetainsRequiredDays, res(LOG_GROUP, "app", { retentionInDays: days }))).toEqual([
      { policy: "log-group-retains-required-days", enforcementLevel: "mandatory", urn: urnOf(LOG_GROUP, "app"), message },
    ]);
  });
});

describe("log-group-encrypted-with-customer-key", () => {
  it("passes a group encrypted with a key ARN", async () => {
    expect(await messagesOf(LogGroupEncryptedWithCustomerKey, res(LOG_GROUP, "app", { kmsKeyId: KEY_ARN }))).toEqual([]);
  });

  it("reports a group without a key", async () => {
    expect(await messagesOf(LogGroupEncryptedWithCustomerKey, res(LOG_GROUP, "app", {}))).toEqual([
      "kmsKeyId is unset; set it to the ARN of the security layer's logs key.",
    ]);
  });
});

describe("service-log-groups-declared", () => {
  const container = (group: string) =>
    JSON.stringify([{ name: "api", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": group } } }, { name: "sidecar" }]);
  const writers = () => [
    res("aws:ecs/taskDefinition:TaskDefinition", "api", { containerDefinitions: container("/aws/ecs/api-dev") }),
    res("aws:rds/cluster:Cluster", "warehouse", { clusterIdentifier: "warehouse-dev", enabledCloudwatchLogsExports: ["postgresql"] }),
    res("aws:ecs/cluster:Cluster", "cluster", { name: "cluster-dev", settings: [{ name: "containerInsights", value: "enhanced" }] }),
    res("aws:ec2/flowLog:FlowLog", "flow", { logDestination: "arn:aws:logs:us-east-2:123456789012:log-group:/aws/vpc/flow-dev:*" }),
  ];

  it("passes when every group a service writes to is declared", async () => {
    const groups = ["/aws/ecs/api-dev", "/aws/rds/cluster/warehouse-dev/postgresql", "/aws/ecs/containerinsights/cluster-dev/performance", "/aws/vpc/flow-dev"];
    const declared = groups.map((name, i) => res(LOG_GROUP, `group-${i}`, { name }));
    expect(await messagesOf(ServiceLogGroupsDeclared, ...writers(), ...declared)).toEqual([]);
  });

  it("reports each writer whose group is missing, on the writer", async () => {
    const violations = await violationsOf(ServiceLogGroupsDeclared, ...writers());
    expect(violations.map((v) => [v.urn, v.message])).toEqual([
      [urnOf("aws:ecs/taskDefinition:TaskDefinition", "api"), "Container 'api' writes to log group '/aws/ecs/api-dev', which the stack does not declare."],
      [
        urnOf("aws:rds/cluster:Cluster", "warehouse"),
        "The 'postgresql' log export writes to log group '/aws/rds/cluster/warehouse-dev/postgresql', which the stack does not declare.",
      ],
      [
        urnOf("aws:ecs/cluster:Cluster", "cluster"),
        "Container Insights writes to log group '/aws/ecs/containerinsights/cluster-dev/performance', which the stack does not declare.",
      ],
      [urnOf("aws:ec2/flowLog:FlowLog", "flow"), "The flow log writes to log group '/aws/vpc/flow-dev', which the stack does not declare."],
    ]);
  });

  it("ignores writers that do not log to CloudWatch", async () => {
    expect(
      await messagesOf(
        ServiceLogGroupsDeclared,
        res("aws:ecs/cluster:Cluster", "plain", { name: "plain-dev" }),
        res("aws:ecs/cluster:Cluster", "off", { name: "off-dev", settings: [{ name: "containerInsights", value: "disabled" }] }),
        res("aws:ec2/flowLog:FlowLog", "to-s3", { logDestinationType: "s3", logDestination: "arn:aws:s3:::flow-dev" }),
        res("aws:ec2/flowLog:FlowLog", "by-name", { logDestination: "flow-group-dev" }),
        res("aws:rds/cluster:Cluster", "quiet", { clusterIdentifier: "quiet-dev" }),
        res("aws:ecs/taskDefinition:TaskDefinition", "broken", { containerDefinitions: "not json" }),
        res(LOG_GROUP, "named", { name: "flow-group-dev" }),
      ),
    ).toEqual([]);
  });
});
