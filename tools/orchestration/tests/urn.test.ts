import { UsageError } from "../src/flags";
import { parseUrn, resourceType, routeFlags, urnProblem } from "../src/urn";

const PROJECTS = ["fin-security", "fin-network", "fin-data", "fin-compute"];
const CLUSTER = "urn:pulumi:dev::fin-data::fin:data:AuroraCluster$aws:rds/cluster:Cluster::analytics-cluster";
const SERVICE = "urn:pulumi:dev::fin-compute::fin:compute:FargateService$aws:ecs/service:Service::analytics";

describe("parseUrn", () => {
  it("splits stack, project, qualified type and name (which may contain ::)", () => {
    expect(parseUrn(CLUSTER)).toEqual({
      stack: "dev",
      project: "fin-data",
      qualifiedType: "fin:data:AuroraCluster$aws:rds/cluster:Cluster",
      name: "analytics-cluster",
    });
    expect(parseUrn("urn:pulumi:dev::p::a:b:C::x::y")?.name).toBe("x::y");
    expect(resourceType(parseUrn(CLUSTER)!)).toBe("aws:rds/cluster:Cluster");
    expect(resourceType(parseUrn("urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev")!)).toBe("pulumi:pulumi:Stack");
  });

  it.each(["arn:aws:s3:::bucket", "urn:pulumi:dev::fin-data::aws:s3/bucket:Bucket", "urn:pulumi:dev::::aws:s3/bucket:Bucket::b", "urn:pulumi:dev::p::a:b:C::"])(
    "is undefined for %p",
    (text) => {
      expect(parseUrn(text)).toBeUndefined();
    },
  );
});

describe("urnProblem", () => {
  it("accepts a URN of this stack and a layer's project, wildcards included", () => {
    expect(urnProblem("target", CLUSTER, "dev", PROJECTS)).toBeUndefined();
    expect(urnProblem("target", "urn:pulumi:dev::fin-data::**::raw-*", "dev", PROJECTS)).toBeUndefined();
  });

  it("names what is wrong", () => {
    expect(urnProblem("target", "raw-data", "dev", PROJECTS)).toBe(
      "--target raw-data is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>); list them with: pulumi stack --show-urns",
    );
    expect(urnProblem("replace", CLUSTER.replace("$aws", ""), "dev", PROJECTS)).toBe(
      "--replace urn:pulumi:dev::fin-data::fin:data:AuroraCluster:rds/cluster:Cluster::analytics-cluster has the type " +
        "'fin:data:AuroraCluster:rds/cluster:Cluster', which is not <package>:<module>:<Type>: a '$' in the URN was probably expanded " +
        "by a shell; Nx puts forwarded values in double quotes, so write each $ as \\$ inside single quotes ('--target=urn:...Aurora\\$aws:rds/cluster:Cluster::db')",
    );
    expect(urnProblem("target", CLUSTER, "prod", PROJECTS)).toBe(`--target ${CLUSTER} is a resource of stack dev, not of prod`);
    expect(urnProblem("exclude", CLUSTER.replace("fin-data", "fin-other"), "dev", PROJECTS)).toBe(
      `--exclude ${CLUSTER.replace("fin-data", "fin-other")} names project fin-other, which is not a layer of this workspace (fin-security, fin-network, fin-data, fin-compute)`,
    );
  });
});

describe("routeFlags", () => {
  const flags = [
    { name: "target", value: SERVICE },
    { name: "replace", value: CLUSTER },
    { name: "exclude", value: SERVICE },
    { name: "diff", value: "true" },
  ];

  it("keeps a layer's own URNs and every other flag", () => {
    expect(routeFlags(flags, "dev", "fin-compute", PROJECTS)).toEqual({
      flags: [
        { name: "target", value: SERVICE },
        { name: "exclude", value: SERVICE },
        { name: "diff", value: "true" },
      ],
    });
    expect(routeFlags(flags.slice(1), "dev", "fin-data", PROJECTS)).toEqual({ flags: [{ name: "replace", value: CLUSTER }, { name: "diff", value: "true" }] });
    expect(routeFlags(flags.slice(1), "dev", "fin-security", PROJECTS)).toEqual({ flags: [{ name: "diff", value: "true" }] });
  });

  it("skips a layer that none of the --target URNs names", () => {
    expect(routeFlags([...flags, { name: "target", value: CLUSTER }], "dev", "fin-network", PROJECTS)).toEqual({
      flags: [],
      skip: "fin-network: nothing to do, every --target names a resource of fin-compute, fin-data",
    });
  });

  it("refuses every bad URN at once", () => {
    expect(() => routeFlags([{ name: "target", value: "x" }, { name: "exclude", value: "y" }, { name: "message", value: "z" }], "dev", "fin-data", PROJECTS)).toThrow(
      new UsageError(
        "--target x is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>); list them with: pulumi stack --show-urns\n" +
          "--exclude y is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>); list them with: pulumi stack --show-urns",
      ),
    );
  });
});
