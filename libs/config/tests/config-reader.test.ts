import { ConfigReader, ConfigSource, ConfigValidationError } from "../src";

const source = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });
const reader = (values: Record<string, string>, env: Record<string, string | undefined> = {}) =>
  new ConfigReader("fin-test", "dev", source(values), env);

/** Runs `read` and returns the one error `done()` throws. */
function issuesOf(values: Record<string, string>, read: (r: ConfigReader) => unknown, env = {}): string {
  const r = reader(values, env);
  read(r);
  try {
    r.done({});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigValidationError");
}

describe("ConfigReader", () => {
  it("reads project keys under the project namespace and namespaced keys as given", () => {
    const r = reader({ "fin-test:name": "raw", "aws:region": "us-east-2" });
    expect(r.string("name")).toBe("raw");
    expect(r.string("aws:region")).toBe("us-east-2");
    expect(r.done({ ok: true })).toEqual({ ok: true });
  });

  it("reports every problem in one error naming key, value and rule", () => {
    const message = issuesOf({ "fin-test:size": "abc", "fin-test:flag": "yes" }, (r) => {
      r.number("size");
      r.boolean("flag");
      r.string("missing");
    });
    expect(message).toBe(
      "fin-test/dev config has 3 issues:\n" +
        '  - size "abc" is invalid: must be a number\n' +
        '  - flag "yes" is invalid: must be true or false\n' +
        "  - missing is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
    );
  });

  it("says 'issue' for a single problem", () => {
    expect(issuesOf({}, (r) => r.boolean("flag"))).toBe(
      "fin-test/dev config has 1 issue:\n  - flag is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
    );
  });

  describe("string", () => {
    it("checks a pattern with the given rule", () => {
      expect(issuesOf({ "fin-test:cidr": "nope" }, (r) => r.string("cidr", /^\d/, "must be a CIDR"))).toContain(
        'cidr "nope" is invalid: must be a CIDR',
      );
    });

    it("falls back to describing the pattern", () => {
      expect(issuesOf({ "fin-test:cidr": "nope" }, (r) => r.string("cidr", /^\d/))).toContain('cidr "nope" is invalid: must match /^\\d/');
    });

    it("returns undefined for an absent optional string without an issue", () => {
      const r = reader({});
      expect(r.optionalString("certificateArn", /^arn:/)).toBeUndefined();
      expect(r.done("clean")).toBe("clean");
    });
  });

  describe("oneOf", () => {
    it("accepts an allowed value", () => {
      const r = reader({ "fin-test:tier": "b" });
      expect(r.oneOf("tier", ["a", "b"])).toBe("b");
      expect(r.done(1)).toBe(1);
    });

    it("rejects another value, listing the allowed ones", () => {
      expect(issuesOf({ "fin-test:tier": "c" }, (r) => r.oneOf("tier", ["a", "b"]))).toContain('tier "c" is invalid: must be one of a, b');
    });

    it("reports a missing value once, as missing", () => {
      expect(issuesOf({}, (r) => r.oneOf("tier", ["a"]))).toBe(
        "fin-test/dev config has 1 issue:\n  - tier is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
      );
    });
  });

  describe("number", () => {
    it("parses values within the rule", () => {
      const r = reader({ "fin-test:acu": "1.5" });
      expect(r.number("acu", { min: 0, max: 256, step: 0.5 })).toBe(1.5);
      expect(r.done(0)).toBe(0);
    });

    it("lists every broken part of the rule", () => {
      expect(issuesOf({ "fin-test:acu": "300.25" }, (r) => r.number("acu", { min: 0, max: 256, step: 0.5, integer: true }))).toContain(
        'acu "300.25" is invalid: must be a whole number, must be at most 256, must be a multiple of 0.5',
      );
      expect(issuesOf({ "fin-test:acu": "-1" }, (r) => r.number("acu", { min: 0 }))).toContain('acu "-1" is invalid: must be at least 0');
    });

    it("rejects blank text", () => {
      expect(issuesOf({ "fin-test:acu": " " }, (r) => r.number("acu"))).toContain('acu " " is invalid: must be a number');
    });

    it("reports a missing number", () => {
      expect(issuesOf({}, (r) => r.number("acu"))).toContain("acu is required but not set");
    });
  });

  describe("boolean", () => {
    it.each([
      ["true", true],
      ["false", false],
    ])("reads %p", (raw, value) => {
      expect(reader({ "fin-test:flag": raw }).boolean("flag")).toBe(value);
    });
  });

  describe("stringList", () => {
    it("reads a JSON array of strings", () => {
      const r = reader({ "fin-test:azs": '["us-east-2a","us-east-2b"]' });
      expect(r.stringList("azs", { pattern: /^us-/, rule: "must be a us- AZ" })).toEqual(["us-east-2a", "us-east-2b"]);
      expect(r.done(true)).toBe(true);
    });

    it("reads a list without an item rule", () => {
      expect(reader({ "fin-test:tags": '["a b"]' }).stringList("tags")).toEqual(["a b"]);
    });

    it("rejects text that is not a list of strings", () => {
      expect(issuesOf({ "fin-test:azs": "us-east-2a" }, (r) => r.stringList("azs"))).toContain('azs "us-east-2a" is invalid: must be a list of strings');
      expect(issuesOf({ "fin-test:azs": "[1]" }, (r) => r.stringList("azs"))).toContain('azs "[1]" is invalid: must be a list of strings');
    });

    it("reports each bad item", () => {
      expect(issuesOf({ "fin-test:cidrs": '["10.0.0.0/8","x","y"]' }, (r) => r.stringList("cidrs", { pattern: /\//, rule: "must be a CIDR" }))).toBe(
        "fin-test/dev config has 2 issues:\n" + '  - cidrs[] "x" is invalid: must be a CIDR\n' + '  - cidrs[] "y" is invalid: must be a CIDR',
      );
    });

    it("reports a missing list", () => {
      expect(issuesOf({}, (r) => r.stringList("azs"))).toContain("azs is required but not set");
    });
  });

  describe("optionalStringList", () => {
    it("returns undefined for an absent list without an issue, and checks a present one", () => {
      const r = reader({});
      expect(r.optionalStringList("ids")).toBeUndefined();
      expect(r.done("clean")).toBe("clean");
      expect(reader({ "fin-test:ids": '["a"]' }).optionalStringList("ids")).toEqual(["a"]);
      expect(issuesOf({ "fin-test:ids": "[1]" }, (x) => x.optionalStringList("ids"))).toContain('ids "[1]" is invalid: must be a list of strings');
    });
  });

  describe("environmentSuffix", () => {
    const suffixRule =
      "it must be 1-20 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen";

    it("takes the stack config's suffix, with or without an equal ENVIRONMENT_SUFFIX", () => {
      expect(reader({ "fin-test:environmentSuffix": "dev" }).environmentSuffix()).toBe("dev");
      expect(reader({ "fin-test:environmentSuffix": "dev" }, { ENVIRONMENT_SUFFIX: "dev" }).environmentSuffix()).toBe("dev");
    });

    it("names an ephemeral stack, whose config leaves the suffix \"\", from ENVIRONMENT_SUFFIX", () => {
      const r = reader({ "fin-test:environmentSuffix": "" }, { ENVIRONMENT_SUFFIX: "pr-42" });
      expect(r.environmentSuffix()).toBe("pr-42");
      expect(r.done("ok")).toBe("ok");
    });

    it("refuses an ENVIRONMENT_SUFFIX that differs from the configured suffix, naming both, and nothing else", () => {
      expect(issuesOf({ "fin-test:environmentSuffix": "dev" }, (r) => r.environmentSuffix(), { ENVIRONMENT_SUFFIX: "Bad_Suffix!" })).toBe(
        "fin-test/dev config has 1 issue:\n" +
          "  - ENVIRONMENT_SUFFIX 'Bad_Suffix!' differs from the stack config's environmentSuffix 'dev': a stack that names its suffix " +
          "keeps it (another suffix renames, so replaces, every named resource); unset ENVIRONMENT_SUFFIX, or use it only for a " +
          "stack whose config leaves environmentSuffix unset",
      );
    });

    it("refuses an empty ENVIRONMENT_SUFFIX", () => {
      expect(issuesOf({ "fin-test:environmentSuffix": "dev" }, (r) => r.environmentSuffix(), { ENVIRONMENT_SUFFIX: "" })).toBe(
        "fin-test/dev config has 1 issue:\n" +
          "  - ENVIRONMENT_SUFFIX is set but empty: unset it to use the stack config's environmentSuffix 'dev', or set it to the ephemeral stack's suffix",
      );
    });

    it("rejects a bad suffix from either source with the key, the value and the rule", () => {
      expect(issuesOf({ "fin-test:environmentSuffix": "" }, (r) => r.environmentSuffix(), { ENVIRONMENT_SUFFIX: "Bad_Suffix!" })).toBe(
        `fin-test/dev config has 1 issue:\n  - environmentSuffix 'Bad_Suffix!' is invalid: ${suffixRule}`,
      );
      expect(issuesOf({ "fin-test:environmentSuffix": "-x" }, (r) => r.environmentSuffix())).toBe(
        `fin-test/dev config has 1 issue:\n  - environmentSuffix '-x' is invalid: ${suffixRule}`,
      );
    });

    it("reports a suffix set nowhere, saying where to set it", () => {
      const expected =
        "fin-test/dev config has 1 issue:\n" +
        "  - environmentSuffix is not set: set it in the stack config (pulumi config set environmentSuffix <suffix>), or set ENVIRONMENT_SUFFIX for an ephemeral stack";
      expect(issuesOf({}, (r) => r.environmentSuffix())).toBe(expected);
      expect(issuesOf({ "fin-test:environmentSuffix": "" }, (r) => r.environmentSuffix())).toBe(expected);
    });
  });

  it("records a conditionally required key only when the condition holds and the key is unset", () => {
    const r = reader({});
    r.requireWhen(false, false, "aws:allowedAccountIds", "a protected stack names its accounts");
    r.requireWhen(true, true, "aws:allowedAccountIds", "a protected stack names its accounts");
    expect(r.done("fine")).toBe("fine");
    expect(issuesOf({}, (x) => x.requireWhen(true, false, "aws:allowedAccountIds", "a protected stack names its accounts"))).toBe(
      "fin-test/dev config has 1 issue:\n  - aws:allowedAccountIds is required but not set: a protected stack names its accounts",
    );
  });

  it("records cross-key rules only when they fail", () => {
    const r = reader({});
    r.check(true, "minCapacity", 1, "must not exceed maxCapacity");
    expect(r.done("fine")).toBe("fine");
    expect(issuesOf({}, (x) => x.check(false, "minCapacity", 8, "must not exceed maxCapacity (4)"))).toContain(
      "minCapacity 8 is invalid: must not exceed maxCapacity (4)",
    );
  });
});
