import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { IdMap, PlanError, input, pick, planned, plannedFor, plannedOne, readSynthesizedPlans, required } from "../src/plan";
import { MissingPrerequisiteError } from "../src/outputs";
import { ACCOUNT, API_SERVICE, COMPUTE, KEY_IDS, NETWORK, OUTPUTS, REGION } from "./support/fixtures";
import { LOG_BUCKET, PlanFiles, planFiles, writePlanFiles } from "./support/plan-fixture";

const HINT = ". Run `npm run synth` first (it writes dist/<stack>/<layer>/preview.json and mock-outputs.json)";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-plan-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const read = (files: PlanFiles = planFiles()) => {
  writePlanFiles(path.join(root, "dist"), files);
  return readSynthesizedPlans(path.join(root, "dist"), "dev", root);
};

describe("readSynthesizedPlans", () => {
  it("reads the stack, region, account, the AWS resources of each layer in plan order and the outputs", () => {
    const plans = read();
    expect([plans.stack, plans.region, plans.account]).toEqual(["dev", REGION, ACCOUNT]);
    expect(plans.outputs).toEqual(OUTPUTS);
    // The stack, components, providers and StackReferences are not resources the seed creates.
    expect(plans.resources.security.map((r) => [r.layer, r.type, r.name, r.id])).toEqual([
      ["security", "aws:kms/key:Key", "platform-storage", KEY_IDS.storage],
      ["security", "aws:kms/alias:Alias", "platform-storage", "alias/storage-key-dev"],
    ]);
    expect(plans.resources.network).toHaveLength(9);
    expect(plans.resources.data).toHaveLength(12);
    expect(plans.resources.compute.map((r) => r.id)).toEqual(["", COMPUTE.clusterArn, "cp-1", "analytics-api-dev", API_SERVICE.serviceArn]);
  });

  it("names a missing file, through @fin/plan's reader, as a missing prerequisite", () => {
    writePlanFiles(path.join(root, "dist"), planFiles());
    fs.rmSync(path.join(root, "dist", "dev", "data", "mock-outputs.json"));
    const missing = "dist/dev/data/mock-outputs.json does not exist: run `npm run synth -- -c dev` first";
    expect(() => readSynthesizedPlans(path.join(root, "dist"), "dev", root)).toThrow(new PlanError(missing, false));
    let error: Error | undefined;
    try {
      readSynthesizedPlans(path.join(root, "dist"), "prod", root);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(MissingPrerequisiteError);
    expect(error!.name).toBe("PlanError");
    expect(error!.message).toBe("dist/prod/security/preview.json does not exist: run `npm run synth -- -c prod` first");
  });

  it("rejects outputs that lack a contract key", () => {
    const files = planFiles();
    delete files.compute.outputs["services"];
    delete files.compute.outputs["albArn"];
    expect(() => read(files)).toThrow(`dist/dev/compute/mock-outputs.json lacks contract outputs albArn, services (synthesized from an older revision?)${HINT}`);
  });

  it("rejects a layer synthesized for another stack than its environment", () => {
    expect(() => read(planFiles({ stack: (layer) => (layer === "data" ? "prod" : "dev") }))).toThrow(
      "dist/dev/data/synth.json says stack prod, but it lies in the dev environment's directory: run `npm run synth -- -c dev` first",
    );
  });

  it("rejects plans that do not share one region, or name none", () => {
    expect(() => read(planFiles({ region: (layer) => (layer === "compute" ? "eu-west-1" : REGION) }))).toThrow(
      `the plans in dist/dev do not share one AWS region (security: us-east-2, network: us-east-2, data: us-east-2, compute: eu-west-1)${HINT}`,
    );
    expect(() => read(planFiles({ region: () => undefined }))).toThrow(
      `the plans in dist/dev do not share one AWS region (security: none, network: none, data: none, compute: none)${HINT}`,
    );
  });
});

describe("looking resources and inputs up", () => {
  it("finds all, exactly one, or the one configuring a given bucket", () => {
    const plans = read();
    expect(planned(plans, "data", "aws:s3/bucket:Bucket").map((r) => r.name)).toEqual(["lake-raw", "lake-logs"]);
    expect(plannedOne(plans, "network", "aws:ec2/vpc:Vpc").id).toBe(NETWORK.vpcId);
    expect(() => plannedOne(plans, "data", "aws:s3/bucket:Bucket")).toThrow(`the data plan has 2 aws:s3/bucket:Bucket resources where the seed expects exactly one${HINT}`);
    expect(() => plannedOne(plans, "data", "aws:rds/globalCluster:GlobalCluster")).toThrow("the data plan has 0 aws:rds/globalCluster:GlobalCluster resources");
    expect(plannedFor(plans, "data", "aws:s3/bucketVersioning:BucketVersioning", "bucket", LOG_BUCKET)?.inputs).toEqual({ bucket: LOG_BUCKET, versioningConfiguration: { status: "Suspended" } });
    expect(plannedFor(plans, "data", "aws:s3/bucketVersioning:BucketVersioning", "bucket", "another")).toBeUndefined();
  });

  it("reads inputs by dotted path and names the resource, path and value of a missing or mistyped one", () => {
    const plans = read();
    const cluster = plannedOne(plans, "data", "aws:rds/cluster:Cluster");
    expect(input(cluster, "serverlessv2ScalingConfiguration.maxCapacity")).toBe(2);
    expect(input(cluster, "engine.name")).toBeUndefined();
    expect(pick({ a: [{ b: 1 }] }, "a.0.b")).toBe(1);
    expect(pick(null, "a")).toBeUndefined();
    expect(required(cluster, "engine", "string")).toBe("aurora-postgresql");
    expect(required(cluster, "serverlessv2ScalingConfiguration", "object")).toEqual({ minCapacity: 1, maxCapacity: 2 });
    expect(() => required(cluster, "engine", "number")).toThrow(`the data plan's aws:rds/cluster:Cluster analytics has no number input engine (got "aurora-postgresql")${HINT}`);
    expect(() => required(cluster, "backupRetentionPeriod", "number")).toThrow("has no number input backupRetentionPeriod (got nothing)");
    expect(() => required({ ...cluster, inputs: { port: null } }, "port", "number")).toThrow("has no number input port (got null)");
    expect(() => required(cluster, "serverlessv2ScalingConfiguration", "array")).toThrow('has no array input serverlessv2ScalingConfiguration (got {"minCapacity":1,"maxCapacity":2})');
  });
});

describe("IdMap", () => {
  const ids = new IdMap(ACCOUNT, "210987654321");
  ids.set("subnet-plan", "subnet-real");
  ids.set(`arn:aws:kms:${REGION}:${ACCOUNT}:key/k`, "arn:aws:kms:us-east-2:210987654321:key/real");

  it("maps planned ids to the emulator's and fails on one not created yet", () => {
    expect(ids.id("subnet-plan")).toBe("subnet-real");
    expect(ids.many(["subnet-plan", "subnet-plan"])).toEqual(["subnet-real", "subnet-real"]);
    expect(() => ids.id("subnet-other")).toThrow("the seed has not created the planned resource subnet-other yet");
    expect(() => ids.id(undefined)).toThrow("the seed has not created the planned resource undefined yet");
  });

  it("swaps the synth's account in names and translates plan values deeply", () => {
    expect(ids.name(`raw-data-dev-${ACCOUNT}`)).toBe("raw-data-dev-210987654321");
    expect(
      ids.translate({ subnets: ["subnet-plan", "subnet-new"], key: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`, role: `arn:aws:iam::${ACCOUNT}:role/r`, port: 8080, on: true, none: null, gone: undefined }),
    ).toEqual({ subnets: ["subnet-real", "subnet-new"], key: "arn:aws:kms:us-east-2:210987654321:key/real", role: "arn:aws:iam::210987654321:role/r", port: 8080, on: true, none: null, gone: undefined });
  });
});
