import { PolicyNoWildcardActions, PolicyWildcardResourcesJustified, RESOURCE_WILDCARD_ACTIONS, wildcardResourceAllowed } from "../../src/rules/iam";
import { messagesOf, res } from "../plan-builder";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE = "aws:iam/role:Role";

const scoped = doc(
  { Sid: "ReadRaw", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::raw-dev/*" },
  { Sid: "PullToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
  { Sid: "Describe", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "rds:List*"], Resource: "*" },
  { Effect: "Deny", Action: "*", Resource: "*" },
);

describe("policy-no-wildcard-actions", () => {
  it("passes named actions in managed, role and inline policies", async () => {
    expect(
      await messagesOf(
        PolicyNoWildcardActions,
        res(POLICY, "exec", { policy: scoped }),
        res(ROLE_POLICY, "inline", { policy: scoped }),
        res(ROLE, "task", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "read", policy: scoped }] }),
        res(ROLE, "bare", { assumeRolePolicy: "{}" }),
      ),
    ).toEqual([]);
  });

  it("reports *, service:* and NotAction wherever the document lives", async () => {
    const bad = doc({ Sid: "Admin", Effect: "Allow", Action: ["*", "s3:*", "kms:Decrypt"], Resource: "*" }, { Effect: "Allow", NotAction: "iam:*", Resource: "*" });
    expect(
      await messagesOf(
        PolicyNoWildcardActions,
        res(POLICY, "admin", { policy: bad }),
        res(ROLE, "task", { inlinePolicies: [{ name: "admin", policy: bad }] }),
      ),
    ).toEqual([
      "Statement Admin allows *, s3:*; list the actions the role needs.",
      "Statement #1 uses Allow with NotAction; list the allowed actions instead.",
      "inlinePolicies[admin]: Statement Admin allows *, s3:*; list the actions the role needs.",
      "inlinePolicies[admin]: Statement #1 uses Allow with NotAction; list the allowed actions instead.",
    ]);
  });

  it("ignores values that are not policy documents", async () => {
    expect(await messagesOf(PolicyNoWildcardActions, res(POLICY, "odd", { policy: "not json" }), res(ROLE_POLICY, "empty", { policy: "{}" }))).toEqual([]);
  });
});

describe("policy-wildcard-resources-justified", () => {
  it("passes * only for actions without resource-level permissions", async () => {
    expect(await messagesOf(PolicyWildcardResourcesJustified, res(POLICY, "exec", { policy: scoped }))).toEqual([]);
  });

  it("gives a reason for every action it lets use Resource *", () => {
    expect(Object.entries(RESOURCE_WILDCARD_ACTIONS).every(([action, why]) => /^[a-z0-9-]+:[A-Za-z]+$/.test(action) && why.length > 10)).toBe(true);
    expect(wildcardResourceAllowed("logs:DescribeLogGroups")).toBe(true);
    expect(wildcardResourceAllowed("s3:GetObject")).toBe(false);
    expect(wildcardResourceAllowed("kms:ListGrants")).toBe(true);
  });

  it("reports scopable actions on * and NotResource", async () => {
    const bad = doc(
      { Sid: "Decrypt", Effect: "Allow", Action: ["kms:Decrypt", "ecr:GetAuthorizationToken", "s3:Get*"], Resource: ["*"] },
      { Sid: "Except", Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" },
    );
    expect(await messagesOf(PolicyWildcardResourcesJustified, res(ROLE_POLICY, "task", { policy: bad }))).toEqual([
      'Statement Decrypt grants kms:Decrypt, s3:Get* on Resource "*"; scope them to exact ARNs.',
      "Statement Except uses Allow with NotResource; name the resources instead.",
    ]);
  });
});
