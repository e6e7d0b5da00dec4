import { GRANT_SIDS } from "@fin/contracts";
import { PublicServiceBehindListener, ServiceUsesFargateSpot, TaskRoleStatementsMatchGrants } from "../../src/rules";
import { messagesOf, res, urnOf } from "../plan-builder";

const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const SERVICE = "aws:ecs/service:Service";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const LISTENER = "aws:lb/listener:Listener";
const RULE = "aws:lb/listenerRule:ListenerRule";
/** What `pulumi preview` puts where a value is not known until the resource exists. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const statement = (Sid: string) => ({ Sid, Effect: "Allow", Action: ["s3:GetObject"], Resource: `arn:aws:s3:::raw-dev/${Sid}` });
const doc = (...sids: string[]) => JSON.stringify({ Version: "2012-10-17", Statement: sids.map(statement) });

/** A task role, its customer-managed policy and the attachment between them, as stacks/compute declares them. */
function taskRole(service: string, grants: string, sids: string[], policyArn = `arn:aws:iam::123456789012:policy/${service}-task-policy-dev`) {
  const roleName = `${service}-task-role-dev`;
  return [
    res(ROLE, `${service}-task`, { name: roleName, tags: { service, grants, calls: "" } }),
    res(POLICY, `${service}-task`, { name: `${service}-task-policy-dev`, policy: doc(...sids) }, { outputs: { arn: `arn:aws:iam::123456789012:policy/${service}-task-policy-dev` } }),
    res(ATTACHMENT, `${service}-task`, { role: roleName, policyArn }, { dependencies: [urnOf(POLICY, `${service}-task`), urnOf(ROLE, `${service}-task`)] }),
  ];
}

describe("task-role-statements-match-grants", () => {
  it("passes task roles holding exactly their grants' statements, and ignores roles without a grants tag", async () => {
    expect(
      await messagesOf(
        TaskRoleStatementsMatchGrants,
        ...taskRole("ingest", "raw:write stream:write", [...GRANT_SIDS["raw:write"], ...GRANT_SIDS["stream:write"]]),
        ...taskRole("idle", "", []),
        res(ROLE, "ingest-execution", { name: "ingest-execution-role-dev", tags: { service: "ingest" }, inlinePolicies: [{ name: "x", policy: doc("Anything") }] }),
      ),
    ).toEqual([]);
  });

  it("reports a statement outside the grants, an unused grant and an unknown grant, naming role and service", async () => {
    expect(
      await messagesOf(
        TaskRoleStatementsMatchGrants,
        ...taskRole("api", "processed:read database:connect stream:fly", [...GRANT_SIDS["processed:read"], "RawObjectsRead"]),
      ),
    ).toEqual([
      "Task role 'api-task-role-dev' (service 'api') declares grants stream:fly, which are not in GRANTS (raw:read, raw:write, processed:read, processed:write, stream:read, stream:write, database:connect, metrics:write).",
      "Task role 'api-task-role-dev' (service 'api') holds statements RawObjectsRead, which none of its grants [processed:read, database:connect] contributes.",
      "Task role 'api-task-role-dev' (service 'api') declares grant 'database:connect' but lacks its statements DatabaseConnectAsServiceUser; drop the grant or give the role its statements.",
    ]);
  });

  it("follows the attachment's dependency when the policy ARN is unknown at preview", async () => {
    expect(await messagesOf(TaskRoleStatementsMatchGrants, ...taskRole("processor", "metrics:write", ["MetricsWriteOwnNamespace", "StreamWrite"], UNKNOWN))).toEqual([
      "Task role 'processor-task-role-dev' (service 'processor') holds statements StreamWrite, which none of its grants [metrics:write] contributes.",
    ]);
  });

  it("counts inline policies and RolePolicy documents, and names a role without a service tag", async () => {
    expect(
      await messagesOf(
        TaskRoleStatementsMatchGrants,
        res(ROLE, "lone", { name: "lone-task-role-dev", tags: { grants: "raw:read" }, inlinePolicies: [{ name: "i", policy: doc("RawBucketList", "RawObjectsRead") }] }),
        res(ROLE_POLICY, "lone-extra", { role: "lone-task-role-dev", policy: doc("RawObjectsDecrypt", "ProcessedObjectsWrite") }),
        res(ROLE_POLICY, "lone-later", { role: UNKNOWN, policy: doc("StreamWrite") }, { dependencies: [urnOf(ROLE, "lone")] }),
      ),
    ).toEqual(["Task role 'lone-task-role-dev' (service 'unknown') holds statements ProcessedObjectsWrite, StreamWrite, which none of its grants [raw:read] contributes."]);
  });
});

const TG = (name: string) => `arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/${name}/0123`;
function publicService(name: string, targetGroupArn: string) {
  return [
    res(TARGET_GROUP, name, { name: `${name}-tg-dev`, port: 8080 }, { outputs: { arn: TG(`${name}-tg-dev`) } }),
    res(SERVICE, name, { name: `${name}-service-dev`, loadBalancers: [{ containerName: name, containerPort: 8080, targetGroupArn }] }, { dependencies: [urnOf(TARGET_GROUP, name)] }),
  ];
}

describe("public-service-behind-listener", () => {
  it("passes a default-route service, a rule-routed service (weighted forward too) and a worker", async () => {
    expect(
      await messagesOf(
        PublicServiceBehindListener,
        ...publicService("api", TG("api-tg-dev")),
        ...publicService("ingest", TG("ingest-tg-dev")),
        ...publicService("admin", TG("admin-tg-dev")),
        res(SERVICE, "processor", { name: "processor-service-dev" }),
        res(LISTENER, "http", { defaultActions: [{ type: "forward", targetGroupArn: TG("api-tg-dev") }] }),
        res(RULE, "ingest", { priority: 10, actions: [{ type: "forward", targetGroupArn: TG("ingest-tg-dev") }] }),
        res(RULE, "admin", { priority: 20, actions: [{ type: "forward", forward: { targetGroups: [{ arn: TG("admin-tg-dev"), weight: 1 }] } }] }),
        res(RULE, "fixed", { priority: 30, actions: [{ type: "fixed-response" }] }),
      ),
    ).toEqual([]);
  });

  it("reports a service whose target group no listener or rule forwards to", async () => {
    expect(
      await messagesOf(
        PublicServiceBehindListener,
        ...publicService("api", TG("api-tg-dev")),
        ...publicService("ingest", TG("ingest-tg-dev")),
        res(LISTENER, "http", { defaultActions: [{ type: "forward", targetGroupArn: TG("api-tg-dev") }] }),
      ),
    ).toEqual(["ECS service 'ingest-service-dev' registers in target group 'ingest-tg-dev', which no listener default action or listener rule forwards to."]);
  });

  it("resolves unknown ARNs through dependencies, as under pulumi preview", async () => {
    expect(
      await messagesOf(
        PublicServiceBehindListener,
        ...publicService("api", UNKNOWN),
        ...publicService("ingest", UNKNOWN),
        res(LISTENER, "http", { defaultActions: [{ type: "forward", targetGroupArn: UNKNOWN }] }, { dependencies: [urnOf(TARGET_GROUP, "api")] }),
      ),
    ).toEqual(["ECS service 'ingest-service-dev' registers in target group 'ingest-tg-dev', which no listener default action or listener rule forwards to."]);
  });
});

describe("service-uses-fargate-spot, per catalog service", () => {
  it("judges every service on its own strategy", async () => {
    const strategy = (spot: number) => [
      { capacityProvider: "FARGATE", base: 1, weight: 0 },
      { capacityProvider: "FARGATE_SPOT", weight: spot },
    ];
    expect(
      await messagesOf(
        ServiceUsesFargateSpot,
        res(SERVICE, "ingest", { name: "ingest-service-dev", capacityProviderStrategies: strategy(1) }),
        res(SERVICE, "processor", { name: "processor-service-dev", capacityProviderStrategies: strategy(0) }),
        res(SERVICE, "api", { name: "api-service-dev", capacityProviderStrategies: strategy(3) }),
      ),
    ).toEqual([
      'capacityProviderStrategies is [{"capacityProvider":"FARGATE","base":1,"weight":0},{"capacityProvider":"FARGATE_SPOT","weight":0}]; it needs FARGATE_SPOT with a weight above 0.',
    ]);
  });
});
