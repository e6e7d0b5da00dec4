import { execFileSync } from "node:child_process";
import * as path from "node:path";

const RUN = path.join(__dirname, "support", "run-with-zones.js");

/** The dev program (us-east-2a, b, c configured) against a region that offers only `zones`. */
const runWith = (zones: string[]) => JSON.parse(execFileSync(process.execPath, [RUN, zones.join(",")], { encoding: "utf8" }));

describe("fin-network program when the region does not offer a configured AZ", () => {
  it("fails with one message naming the key, the zone and the available zones, having created nothing", () => {
    const run = runWith(["us-east-2a", "us-east-2b"]);
    const message = [
      "fin-network/dev config has 1 issue:",
      '  - availabilityZones[] "us-east-2c" is invalid: is not an available availability zone of us-east-2 for this account (available: us-east-2a, us-east-2b)',
    ].join("\n");
    expect(run.failure).toBe(message);
    expect(run.distinctErrors).toEqual([message]);
    // The read of the security layer, the provider and the components; no AWS resource at all.
    expect(run.declared).toEqual([
      "create pulumi:pulumi:Stack fin-network-dev",
      "read pulumi:pulumi:StackReference organization/fin-security/dev",
      "create pulumi:providers:aws aws-us-east-2",
      "create fin:network:Vpc platform",
      "create fin:network:SecurityGroups platform",
      "create fin:network:VpcEndpoints platform",
    ]);
  }, 60_000);

  it("runs the same program to completion when the region offers all three", () => {
    const run = runWith(["us-east-2a", "us-east-2b", "us-east-2c"]);
    expect([run.failure, run.distinctErrors]).toEqual([null, []]);
    // The whole inventory of index.test.ts: 20 VPC, 6 security group, 7 endpoint, 5 flow-log resources.
    expect(run.declared.filter((d: string) => d.startsWith("create aws:"))).toHaveLength(38);
  }, 60_000);
});
