import { NAME_RULES, NameKind, fitName, physicalName, shortHash } from "../src";

const LONGEST_SUFFIX = "abcdefghij-klmnopqrs"; // 20 characters, the maximum

describe("physicalName", () => {
  it("builds <base>-<suffix>", () => {
    expect(physicalName("ecsCluster", "ecs-cluster", "dev")).toBe("ecs-cluster-dev");
    expect(physicalName("s3Bucket", "raw-data", "pr-12")).toBe("raw-data-pr-12");
  });

  it("prefixes KMS aliases with alias/", () => {
    expect(physicalName("kmsAlias", "database", "dev")).toBe("alias/database-dev");
  });

  it("builds log group paths", () => {
    expect(physicalName("logGroup", "/aws/vpc/flow-logs", "dev")).toBe("/aws/vpc/flow-logs-dev");
  });

  it("strips hyphens from the suffix where only alphanumerics are allowed", () => {
    expect(physicalName("rdsDatabaseName", "analytics", "pr-12")).toBe("analyticspr12");
  });

  it("is deterministic", () => {
    expect(physicalName("alb", "analytics-public-alb", LONGEST_SUFFIX)).toBe(
      physicalName("alb", "analytics-public-alb", LONGEST_SUFFIX),
    );
  });

  const limits: Array<[NameKind, number]> = [
    ["alb", 32],
    ["targetGroup", 32],
    ["iamRole", 64],
    ["rdsIdentifier", 63],
    ["s3Bucket", 63],
    ["rdsDatabaseName", 63],
    ["backupVault", 50],
    ["kinesisStream", 128],
  ];

  describe.each(limits)("%s names (limit %i)", (kind, limit) => {
    const sep = NAME_RULES[kind].separator;
    const suffixLength = sep === "" ? "dev".length : "-dev".length;

    it("keeps a name of exactly the limit unchanged", () => {
      const base = "a".repeat(limit - suffixLength);
      const name = physicalName(kind, base, "dev");
      expect(name).toBe(`${base}${sep}dev`);
      expect(name).toHaveLength(limit);
    });

    it("shortens a name one over the limit to exactly the limit, keeping the suffix", () => {
      const base = "a".repeat(limit - suffixLength + 1);
      const name = physicalName(kind, base, "dev");
      expect(name).toHaveLength(limit);
      expect(name.endsWith(`${sep}dev`)).toBe(true);
      expect(name).toContain(shortHash(`${base}${sep}dev`));
    });
  });

  it("shortens a long ALB name with the longest suffix within 32 characters", () => {
    const name = physicalName("alb", "analytics-public-alb", LONGEST_SUFFIX);
    expect(name).toBe(`anal-${shortHash(`analytics-public-alb-${LONGEST_SUFFIX}`)}-${LONGEST_SUFFIX}`);
    expect(name).toHaveLength(32);
  });

  it("never leaves a double hyphen where the cut lands on a hyphen", () => {
    // Room for the base is 32 - 20 - 6 - 2 = 4 characters: the cut "abc-" must become "abc".
    const name = physicalName("targetGroup", "abc-defghijklmn", LONGEST_SUFFIX);
    expect(name).toBe(`abc-${shortHash(`abc-defghijklmn-${LONGEST_SUFFIX}`)}-${LONGEST_SUFFIX}`);
    expect(name).not.toContain("--");
  });

  it("gives different long bases different names", () => {
    expect(physicalName("alb", "analytics-public-alb", LONGEST_SUFFIX)).not.toBe(
      physicalName("alb", "analytics-private-alb", LONGEST_SUFFIX),
    );
  });

  it("fits the longest suffix into every service's limit", () => {
    for (const kind of Object.keys(NAME_RULES) as NameKind[]) {
      const base = kind === "logGroup" ? `/${"a".repeat(600)}` : "a".repeat(600);
      expect(physicalName(kind, base, LONGEST_SUFFIX).length).toBeLessThanOrEqual(NAME_RULES[kind].maxLength);
    }
  });

  it("rejects a name whose suffix and hash alone exceed the limit", () => {
    const tiny = { maxLength: 20, separator: "-", basePattern: /^[a-z-]+$/ } as const;
    expect(fitName("tiny", tiny, "abc", "dev")).toBe("abc-dev");
    expect(() => fitName("tiny", tiny, "abcdefgh", "twelve-chars")).toThrow(
      "environmentSuffix 'twelve-chars' is too long for a tiny name: 'abcdefgh-twelve-chars' exceeds 20 characters even when shortened",
    );
  });

  it("rejects an invalid suffix with the key, the value and the rule", () => {
    expect(() => physicalName("s3Bucket", "raw-data", "Bad_Suffix!")).toThrow(
      "environmentSuffix 'Bad_Suffix!' is invalid: it must be 1-20 characters",
    );
  });

  it("rejects a base that does not suit the service", () => {
    expect(() => physicalName("s3Bucket", "Raw_Data", "dev")).toThrow(
      "Name base 'Raw_Data' is not valid for a s3Bucket name: it must match",
    );
    expect(() => physicalName("rdsDatabaseName", "analytics-db", "dev")).toThrow(
      "Name base 'analytics-db' is not valid for a rdsDatabaseName name",
    );
  });
});
