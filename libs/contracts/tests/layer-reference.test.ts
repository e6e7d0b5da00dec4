import * as pulumi from "@pulumi/pulumi";
import { runProgram, setupMocks } from "@fin/testing";
import {
  COMPUTE_OUTPUT_KEYS,
  GRANTS,
  GRANT_SIDS,
  SERVICE_REACHES,
  DATA_OUTPUT_KEYS,
  LAYER_PROJECTS,
  NETWORK_OUTPUT_KEYS,
  SECURITY_OUTPUT_KEYS,
  SHARED_NETWORK_STACK,
  readData,
  readNetwork,
  readSecurity,
  stackReferenceName,
} from "../src";

const target = { organization: "organization", stack: "dev" };
const fixture = (keys: object) => Object.fromEntries(Object.keys(keys).map((k) => [k, `${k}-value`]));

describe("stackReferenceName", () => {
  it("is <org>/<project>/<stack>", () => {
    expect(stackReferenceName(LAYER_PROJECTS.network, { organization: "acme", stack: "pr-123" })).toBe("acme/fin-network/pr-123");
  });
});

describe("readLayer", () => {
  it("reads every contract key of each upstream layer through one StackReference", async () => {
    const harness = await setupMocks({
      project: "fin-compute",
      stack: "dev",
      stackOutputs: {
        "organization/fin-security/dev": fixture(SECURITY_OUTPUT_KEYS),
        "organization/fin-network/dev": fixture(NETWORK_OUTPUT_KEYS),
        "organization/fin-data/dev": fixture(DATA_OUTPUT_KEYS),
      },
    });
    const outputs = await runProgram(() => {
      const security = readSecurity(target);
      const network = readNetwork(target);
      const data = readData(target);
      return { logsKeyArn: security.logsKeyArn, vpcId: network.vpcId, streamArn: data.streamArn, keys: Object.keys(data).length };
    });
    expect(outputs).toEqual({ logsKeyArn: "logsKeyArn-value", vpcId: "vpcId-value", streamArn: "streamArn-value", keys: 21 });
    const refs = harness.ofType("pulumi:pulumi:StackReference");
    expect(refs.map((r) => [r.op, r.name])).toEqual([
      ["read", "organization/fin-security/dev"],
      ["read", "organization/fin-network/dev"],
      ["read", "organization/fin-data/dev"],
    ]);
  });

  it("uses requireOutput, never getOutput, so a missing upstream key fails the deployment", async () => {
    await setupMocks({ project: "fin-network", stack: "dev", stackOutputs: { "organization/fin-security/dev": fixture(SECURITY_OUTPUT_KEYS) } });
    const requireOutput = jest.spyOn(pulumi.StackReference.prototype, "requireOutput");
    const getOutput = jest.spyOn(pulumi.StackReference.prototype, "getOutput");
    await runProgram(() => ({ alias: readSecurity(target).logsKeyAlias }));
    expect(requireOutput.mock.calls.map(([key]) => key)).toEqual(Object.keys(SECURITY_OUTPUT_KEYS));
    expect(getOutput).not.toHaveBeenCalled();
  });

  it("lists the compute contract for the integration checks and the report: shared keys and one entry per service", () => {
    expect(Object.keys(COMPUTE_OUTPUT_KEYS)).toEqual(["clusterName", "clusterArn", "albDnsName", "albArn", "albLogBucketName", "services"]);
  });
});

describe("the catalog vocabulary", () => {
  it("has three reaches, eight grants, and fixed, unique Sids per grant", () => {
    expect(SERVICE_REACHES).toEqual(["public", "internal", "worker"]);
    expect(Object.keys(GRANT_SIDS)).toEqual([...GRANTS]);
    const sids = Object.values(GRANT_SIDS).flat();
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids).toHaveLength(16);
  });
});

describe("SHARED_NETWORK_STACK", () => {
  it("names the one environment whose network the pull requests' environments share", () => {
    expect(SHARED_NETWORK_STACK).toBe("pr-shared");
    expect(stackReferenceName(LAYER_PROJECTS.network, { organization: "organization", stack: SHARED_NETWORK_STACK })).toBe("organization/fin-network/pr-shared");
  });
});
