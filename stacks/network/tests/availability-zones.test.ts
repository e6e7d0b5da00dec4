import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "@fin/config";
import { MockHarness, runProgram, setupMocks } from "@fin/testing";
import { UnavailableZoneError, checkedAvailabilityZones, requireAvailableZones, unavailableZoneIssues } from "../src/availability-zones";

const OHIO = ["us-east-2a", "us-east-2b", "us-east-2c"];

describe("unavailableZoneIssues / requireAvailableZones", () => {
  it("passes the configured zones through, in the configured order, when the region offers each", () => {
    expect(unavailableZoneIssues(["us-east-2c", "us-east-2a"], OHIO, "us-east-2")).toEqual([]);
    expect(requireAvailableZones(["us-east-2c", "us-east-2a", "us-east-2b"], OHIO, "us-east-2", "fin-network/dev")).toEqual([
      "us-east-2c",
      "us-east-2a",
      "us-east-2b",
    ]);
  });

  it("names the key, each zone the region does not offer, and the zones it does, in one error", () => {
    let error: unknown;
    try {
      requireAvailableZones(["us-east-2a", "us-east-2d", "us-east-2e"], OHIO, "us-east-2", "fin-network/dev");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnavailableZoneError);
    expect((error as Error).message).toBe(
      [
        "fin-network/dev config has 2 issues:",
        '  - availabilityZones[] "us-east-2d" is invalid: is not an available availability zone of us-east-2 for this account (available: us-east-2a, us-east-2b, us-east-2c)',
        '  - availabilityZones[] "us-east-2e" is invalid: is not an available availability zone of us-east-2 for this account (available: us-east-2a, us-east-2b, us-east-2c)',
      ].join("\n"),
    );
  });
});

describe("UnavailableZoneError", () => {
  it("is a RunError (no stack trace from the CLI) whose message the SDK's property prefixes cannot change", () => {
    const error = new UnavailableZoneError("fin-network/dev config has 1 issue");
    // What @pulumi/pulumi runtime/rpc.ts does to a rejected input's error, once per waiting resource.
    error.message = `error serializing property "cidrBlock": ${error.message}`;
    expect(error.message).toBe("fin-network/dev config has 1 issue");
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(new ConfigValidationError("fin-network/dev", ["x"]).message).toBe("fin-network/dev config has 1 issue:\n  - x");
  });
});

describe("checkedAvailabilityZones", () => {
  let harness: MockHarness;
  const lookups: unknown[] = [];
  let zones: pulumi.Output<string[]> | undefined;

  beforeAll(async () => {
    harness = await setupMocks({
      project: "fin-network",
      stack: "dev",
      invokes: {
        "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs) => {
          lookups.push(inputs);
          return { id: "us-east-2", names: OHIO, zoneIds: ["use2-az1", "use2-az2", "use2-az3"], groupNames: ["us-east-2"] };
        },
      },
    });
    await runProgram(() => {
      zones = checkedAvailabilityZones(["us-east-2b", "us-east-2a", "us-east-2c"], "us-east-2", {});
    });
  });

  it("asks only for zones in the available state and resolves to the configured ones", async () => {
    expect(await new Promise((resolve) => zones!.apply(resolve))).toEqual(["us-east-2b", "us-east-2a", "us-east-2c"]);
    expect(lookups).toEqual([{ state: "available" }]);
    expect(harness.awsResources()).toEqual([]);
  });
});
