import * as aws from "@pulumi/aws";
import { Policy, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { FIN_PLATFORM_POLICIES } from "../src/policies";
import type { Plan } from "@fin/plan";
import { evaluatePlan, revealSecrets } from "../src/evaluate";
import { PROVIDER_URN, STACK_URN, plan, providerTags, res, urnOf } from "./plan-builder";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** A resource policy that records what the engine handed it. */
function recorder(seen: unknown[], enforcementLevel?: Policy["enforcementLevel"]): ResourceValidationPolicy {
  return {
    name: "recorder",
    description: "records its arguments",
    ...(enforcementLevel ? { enforcementLevel } : {}),
    validateResource: (args, report) => {
      seen.push(args);
      report(`saw ${args.name}`);
    },
  };
}

describe("evaluatePlan", () => {
  it("runs the whole fin-platform pack by default", async () => {
    const result = await evaluatePlan(plan(res("aws:ec2/natGateway:NatGateway", "nat", {})));
    expect(result.resources).toBe(3);
    expect(result.violations.map((v) => v.policy)).toEqual(["no-nat-gateway"]);
    expect(FIN_PLATFORM_POLICIES).toHaveLength(52);
  });

  it("gives resource policies the inputs, URN name, options and the resolved provider, as the engine does", async () => {
    const seen: any[] = [];
    const step = res(LOG_GROUP, "app", { name: "/aws/app-dev" }, { provider: `${PROVIDER_URN}::provider-id`, parent: STACK_URN, protect: true });
    await evaluatePlan(plan(step), { policies: [recorder(seen)] });
    const args = seen.find((a) => a.urn === urnOf(LOG_GROUP, "app"));
    expect(args.type).toBe(LOG_GROUP);
    expect(args.name).toBe("app");
    expect(args.props).toEqual({ name: "/aws/app-dev" });
    expect(args.opts).toMatchObject({ protect: true, retainOnDelete: false, parent: STACK_URN });
    expect(args.provider).toEqual({
      type: "pulumi:providers:aws",
      urn: PROVIDER_URN,
      name: "aws-us-east-2",
      props: { region: "us-east-2", defaultTags: JSON.stringify({ tags: providerTags() }), id: "provider-id" },
    });
    expect(args.isType(aws.cloudwatch.LogGroup)).toBe(true);
    expect(args.isType(aws.s3.Bucket)).toBe(false);
    expect(args.isType({ isInstance: (o: { __pulumiType: string }) => o.__pulumiType === LOG_GROUP })).toBe(true);
    expect(args.isType({})).toBe(false);
    expect(args.asType(aws.cloudwatch.LogGroup)).toEqual({ name: "/aws/app-dev" });
    expect(args.asType(aws.s3.Bucket)).toBeUndefined();
    expect(args.getConfig()).toEqual({});
    expect(args.stackTags.size).toBe(0);
  });

  it("reports advisory by default, mandatory for remediate, and skips disabled policies", async () => {
    const steps = plan(res(LOG_GROUP, "app", {}));
    const levels = async (level?: Policy["enforcementLevel"]) =>
      (await evaluatePlan({ steps: steps.steps!.slice(2) }, { policies: [recorder([], level)] })).violations.map((v) => v.enforcementLevel);
    expect(await levels()).toEqual(["advisory"]);
    expect(await levels("remediate")).toEqual(["mandatory"]);
    expect(await levels("disabled")).toEqual([]);
  });

  it("skips deleted resources and steps without a new state", async () => {
    const gone: Plan = {
      steps: [
        { op: "delete", urn: urnOf(LOG_GROUP, "old"), newState: { type: LOG_GROUP, inputs: {} } },
        { op: "delete", urn: urnOf(LOG_GROUP, "older") },
        { op: "same", urn: urnOf(LOG_GROUP, "kept"), newState: { type: LOG_GROUP } },
      ],
    };
    const seen: any[] = [];
    const result = await evaluatePlan(gone, { policies: [recorder(seen)] });
    expect(result.resources).toBe(1);
    expect(seen.map((a) => [a.name, a.props, a.opts.protect])).toEqual([["kept", {}, false]]);
    expect((await evaluatePlan({ steps: [] }, { policies: [] })).resources).toBe(0);
  });

  it("runs a typed validation only on its type and treats notApplicable as silence", async () => {
    const typed: ResourceValidationPolicy = {
      name: "typed",
      description: "typed",
      enforcementLevel: "mandatory",
      validateResource: [
        validateResourceOfType(aws.cloudwatch.LogGroup, (_group, args, report) => {
          if (args.name === "skip") {
            args.notApplicable("not this one");
          }
          report("log group");
        }),
        (args) => args.notApplicable(),
      ],
    };
    const result = await evaluatePlan(plan(res(LOG_GROUP, "app", {}), res(LOG_GROUP, "skip", {}), res("aws:s3/bucket:Bucket", "b", {})), { policies: [typed] });
    expect(result.violations).toEqual([{ policy: "typed", enforcementLevel: "mandatory", urn: urnOf(LOG_GROUP, "app"), message: "log group" }]);
  });

  it("gives stack policies state (inputs, outputs, id), parents, dependencies and the stack URN for unattributed reports", async () => {
    let seen: any[] = [];
    const stackPolicy: StackValidationPolicy = {
      name: "stack",
      description: "stack",
      enforcementLevel: "mandatory",
      validateStack: (args, report) => {
        seen = args.resources;
        expect(args.getConfig()).toEqual({});
        expect(args.stackTags.size).toBe(0);
        report("whole stack");
        args.notApplicable("done");
      },
    };
    const group = res(LOG_GROUP, "app", { name: "/aws/app-dev" }, { parent: STACK_URN, dependencies: [PROVIDER_URN, "urn:missing"], outputs: { arn: "arn:group" } });
    const orphan = res(LOG_GROUP, "orphan", {}, { parent: "urn:missing", id: undefined, provider: undefined, outputs: { id: "from-outputs" } });
    const result = await evaluatePlan(plan(group, orphan), { policies: [stackPolicy] });
    expect(result.violations).toEqual([{ policy: "stack", enforcementLevel: "mandatory", urn: STACK_URN, message: "whole stack" }]);
    const app = seen.find((r) => r.name === "app");
    expect(app.props).toEqual({ name: "/aws/app-dev", arn: "arn:group", id: "app-id" });
    expect(app.parent.urn).toBe(STACK_URN);
    expect(app.dependencies.map((d: any) => d.urn)).toEqual([PROVIDER_URN]);
    expect(app.isType(aws.cloudwatch.LogGroup)).toBe(true);
    expect(app.asType(aws.cloudwatch.LogGroup)).toBe(app.props);
    expect(app.asType(aws.s3.Bucket)).toBeUndefined();
    const orphanResource = seen.find((r) => r.name === "orphan");
    expect(orphanResource.parent).toBeUndefined();
    expect(orphanResource.props).toEqual({ id: "from-outputs" });
    expect(orphanResource.provider).toBeUndefined();
  });

  it("skips disabled stack policies and reports on an empty URN when the plan has no stack", async () => {
    const stackPolicy = (enforcementLevel: Policy["enforcementLevel"]): StackValidationPolicy => ({
      name: "s",
      description: "s",
      enforcementLevel,
      validateStack: (_args, report) => report("x"),
    });
    expect((await evaluatePlan({ steps: [] }, { policies: [stackPolicy("disabled")] })).violations).toEqual([]);
    expect((await evaluatePlan({ steps: [] }, { policies: [stackPolicy("advisory")] })).violations).toEqual([
      { policy: "s", enforcementLevel: "advisory", urn: "", message: "x" },
    ]);
  });

  it("resolves StackReference outputs the plan lacks, and keeps the ones it has", async () => {
    let outputs: Record<string, unknown> = {};
    const capture: StackValidationPolicy = {
      name: "capture",
      description: "capture",
      validateStack: (args) => {
        outputs = Object.fromEntries(args.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => [r.name, r.props.outputs]));
      },
    };
    const ref = (name: string, extra = {}) => res("pulumi:pulumi:StackReference", name, { name }, { op: "read", ...extra } as never);
    await evaluatePlan(
      plan(ref("org/fin-network/dev"), ref("org/fin-data/dev"), ref("org/fin-security/dev", { outputs: { outputs: { keyArn: "from-plan" } } })),
      { policies: [capture], stackOutputs: (name) => (name === "org/fin-network/dev" ? { vpcId: "vpc-1" } : undefined) },
    );
    expect(outputs).toEqual({ "org/fin-network/dev": { vpcId: "vpc-1" }, "org/fin-data/dev": undefined, "org/fin-security/dev": { keyArn: "from-plan" } });
  });

  it("names the policy and resource when a policy throws", async () => {
    const broken: ResourceValidationPolicy = {
      name: "broken",
      description: "broken",
      validateResource: () => {
        throw new Error("boom");
      },
    };
    const brokenStack: StackValidationPolicy = {
      name: "broken-stack",
      description: "broken",
      validateStack: () => {
        throw new Error("bang");
      },
    };
    await expect(evaluatePlan(plan(), { policies: [broken] })).rejects.toThrow(`Policy 'broken' failed on ${STACK_URN}: boom`);
    await expect(evaluatePlan(plan(), { policies: [brokenStack] })).rejects.toThrow(`Policy 'broken-stack' failed on ${STACK_URN}: bang`);
  });
});

describe("revealSecrets", () => {
  it("unwraps Pulumi secret envelopes at any depth, as the engine does before a policy runs", () => {
    const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    expect(revealSecrets({ a: secret("pw"), b: [secret({ c: secret(1) })], d: null, e: "x" })).toEqual({ a: "pw", b: [{ c: 1 }], d: null, e: "x" });
  });
});
