import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { MockHarness, createMocks, runProgram, setupMocks } from "../src";

class Pair extends pulumi.ComponentResource {
  readonly first: aws.kms.Key;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("fin:test:Pair", name, {}, opts);
    this.first = new aws.kms.Key(`${name}-first`, { description: "first" }, { parent: this, protect: true });
    new aws.kms.Alias(`${name}-alias`, { name: "alias/first", targetKeyId: this.first.keyId }, { parent: this, retainOnDelete: true, dependsOn: [this.first] });
    this.registerOutputs({});
  }
}

describe("setupMocks", () => {
  let harness: MockHarness;
  let outputs: Record<string, unknown>;

  beforeAll(async () => {
    harness = await setupMocks({ project: "fin-test", stack: "dev", config: { "fin-test:color": "blue" } });
    outputs = await runProgram(() => {
      const provider = new aws.Provider("aws-us-east-2", { region: "us-east-2" });
      const pair = new Pair("pair", { provider });
      const account = aws.getCallerIdentityOutput({}, { provider }).accountId;
      return { keyArn: pair.first.arn, account, color: new pulumi.Config().require("color") };
    });
  });

  it("resolves outputs, config and invokes like a deployment (preview off)", () => {
    expect(outputs["account"]).toBe("123456789012");
    expect(outputs["color"]).toBe("blue");
    expect(outputs["keyArn"]).toMatch(/^arn:aws:kms:us-east-2:123456789012:key\//);
  });

  it("records each resource with its parent, provider and options", () => {
    expect(harness.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack", "pulumi:providers:aws", "fin:test:Pair", "aws:kms/key:Key", "aws:kms/alias:Alias"]);
    const key = harness.one("aws:kms/key:Key");
    expect(key).toMatchObject({
      op: "create",
      name: "pair-first",
      custom: true,
      urn: "urn:pulumi:dev::fin-test::fin:test:Pair$aws:kms/key:Key::pair-first",
      parent: "urn:pulumi:dev::fin-test::pulumi:pulumi:Stack$fin:test:Pair::pair",
      protect: true,
      retainOnDelete: false,
      inputs: { description: "first" },
    });
    expect(key.provider).toMatch(/^urn:pulumi:dev::fin-test::pulumi:pulumi:Stack\$pulumi:providers:aws::aws-us-east-2::/);
    const alias = harness.one("aws:kms/alias:Alias", "pair-alias");
    expect(alias).toMatchObject({ protect: false, retainOnDelete: true, dependsOn: [key.urn] });
    expect(harness.awsResources().map((r) => r.name)).toEqual(["pair-first", "pair-alias"]);
  });

  it("records nothing for a request the mocks refuse", async () => {
    const req = new RegisterResourceRequest();
    req.setType("pulumi:pulumi:StackReference");
    req.setName("organization/fin-missing/dev");
    req.setCustom(true);
    req.setObject(Struct.fromJavaScript({ name: "organization/fin-missing/dev" }));
    const before = harness.resources.length;
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(r: unknown, cb: (err: unknown) => void): void };
    const error = await new Promise((resolve) => monitor.registerResource(req, resolve));
    expect((error as Error).message).toBe("StackReference organization/fin-missing/dev has no outputs: synth (or deploy) that layer's stack first");
    expect(harness.resources).toHaveLength(before);
  });

  it("names what it found when a lookup does not match exactly one resource", () => {
    expect(() => harness.one("aws:kms/alias:Alias", "missing")).toThrow(
      "Expected exactly one aws:kms/alias:Alias named missing, found 0 among [pair-alias]",
    );
    expect(() => harness.one("aws:s3/bucket:Bucket")).toThrow("Expected exactly one aws:s3/bucket:Bucket, found 0 among []");
  });
});

describe("createMocks", () => {
  const declared: string[] = [];
  const mocks = createMocks({ stackOutputs: { "organization/fin-security/dev": { logsKeyArn: "arn:k" } } }, (d) => declared.push(`${d.type}/${d.name}`));

  it("fails an invoke that has no mock, naming its token", () => {
    expect(() => mocks.call({ token: "aws:ec2/getAmi:getAmi", inputs: {} })).toThrow("Mock not implemented: aws:ec2/getAmi:getAmi");
  });

  it("answers a StackReference only from the given upstream outputs", () => {
    expect(mocks.newResource({ type: "pulumi:pulumi:StackReference", name: "organization/fin-security/dev", inputs: { name: "organization/fin-security/dev" }, custom: true })).toEqual({
      id: "organization/fin-security/dev",
      state: { name: "organization/fin-security/dev", outputs: { logsKeyArn: "arn:k" }, secretOutputNames: [] },
    });
    expect(() =>
      mocks.newResource({ type: "pulumi:pulumi:StackReference", name: "organization/fin-security/prod", inputs: { name: "organization/fin-security/prod" }, custom: true }),
    ).toThrow("StackReference organization/fin-security/prod has no outputs: synth (or deploy) that layer's stack first");
    expect(() => createMocks({}, () => undefined).newResource({ type: "pulumi:pulumi:StackReference", name: "x", inputs: { name: "x" }, custom: true })).toThrow(
      "StackReference x has no outputs",
    );
  });

  it("reports every declared resource, components included", () => {
    mocks.newResource({ type: "fin:test:Thing", name: "thing", inputs: {} });
    expect(declared).toEqual(["pulumi:pulumi:StackReference/organization/fin-security/dev", "fin:test:Thing/thing"]);
  });
});

describe("invokes and programs", () => {
  it("lets a test add or override invokes", async () => {
    await setupMocks({ project: "fin-test", stack: "dev", invokes: { "aws:index/getRegion:getRegion": () => ({ name: "eu-west-1", region: "eu-west-1" }) } });
    const outputs = await runProgram(() => ({ region: aws.getRegionOutput().region }));
    expect(outputs["region"]).toBe("eu-west-1");
  });

  it("resolves a StackReference from upstream outputs and records it as a read", async () => {
    const harness = await setupMocks({ project: "fin-network", stack: "dev", stackOutputs: { "organization/fin-security/dev": { logsKeyArn: "arn:k" } } });
    const outputs = await runProgram(() => ({ key: new pulumi.StackReference("organization/fin-security/dev").requireOutput("logsKeyArn") }));
    expect(outputs["key"]).toBe("arn:k");
    expect(harness.one("pulumi:pulumi:StackReference").op).toBe("read");
  });

  it("returns an empty object for a program without exports", async () => {
    await setupMocks({ project: "fin-test", stack: "dev" });
    expect(await runProgram(() => undefined)).toEqual({});
  });

  it("rejects with the program's own error when it throws (bad config), after its registrations settle", async () => {
    await setupMocks({ project: "fin-test", stack: "dev" });
    await expect(
      runProgram(() => {
        throw new Error("fin-test/dev config has 1 issue");
      }),
    ).rejects.toThrow(new Error("fin-test/dev config has 1 issue"));
  });
});
