import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "yaml";
import { FIN_PLATFORM_POLICIES, POLICY_PACK_NAME } from "../src/policies";
import * as rules from "../src/rules";
import * as api from "../src/index";

const root = path.join(__dirname, "..");

describe("the fin-platform policy pack", () => {
  it("starts CrossGuard with every policy, from the package main that `--policy-pack libs/policies` loads", async () => {
    const started: unknown[][] = [];
    await jest.isolateModulesAsync(async () => {
      jest.doMock("@pulumi/policy", () => ({
        ...jest.requireActual("@pulumi/policy"),
        PolicyPack: jest.fn((...args: unknown[]) => started.push(args)),
      }));
      await import("../src/pack");
    });
    expect(started).toHaveLength(1);
    expect(started[0][0]).toBe(POLICY_PACK_NAME);
    expect((started[0][1] as { policies: unknown[] }).policies).toHaveLength(FIN_PLATFORM_POLICIES.length);

    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.main).toBe("src/pack.ts");
    expect(pkg.exports["."]).toBe("./src/index.ts");
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(yaml.parse(fs.readFileSync(path.join(root, "PulumiPolicy.yaml"), "utf8")).runtime).toBe("nodejs");
  });

  it("lists each rule exactly once, one rule per file named after it, under rules/<service>/", () => {
    const files = fs
      .readdirSync(path.join(root, "src/rules"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith("index.ts"))
      .map((f) => path.basename(f, ".ts"))
      .sort();
    const exported = rules as unknown as Record<string, unknown>;
    expect(files.map((f) => exported[f])).toEqual(files.map(() => expect.objectContaining({ name: expect.any(String) })));
    expect(new Set(FIN_PLATFORM_POLICIES)).toEqual(new Set(files.map((f) => exported[f])));
    expect(FIN_PLATFORM_POLICIES).toHaveLength(files.length);
  });

  it("gives every policy a unique kebab-case name, a description and an explicit enforcement level", () => {
    const names = FIN_PLATFORM_POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const policy of FIN_PLATFORM_POLICIES) {
      expect(policy.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(policy.description.length).toBeGreaterThan(20);
      expect(["mandatory", "advisory"]).toContain(policy.enforcementLevel);
    }
    expect(FIN_PLATFORM_POLICIES.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name).sort()).toEqual([
      "aurora-reader-in-another-az-ephemeral",
      "cluster-container-insights-enabled",
      "http-listener-redirects-to-https",
      "repository-scans-on-push",
      "service-spans-availability-zones-ephemeral",
    ]);
  });

  it("exposes the policies, the evaluator and the CLI from the engine-free entry point", () => {
    expect(api.FIN_PLATFORM_POLICIES).toBe(FIN_PLATFORM_POLICIES);
    expect(typeof api.evaluatePlan).toBe("function");
    expect(typeof api.policyCheckCli).toBe("function");
    expect(api.LogGroupRetainsRequiredDays.name).toBe("log-group-retains-required-days");
  });

  it("documents every policy in RULES.md", () => {
    const rulesMd = fs.readFileSync(path.join(root, "RULES.md"), "utf8");
    for (const policy of FIN_PLATFORM_POLICIES) {
      expect(rulesMd).toContain(`| \`${policy.name}\` |`);
    }
  });
});
