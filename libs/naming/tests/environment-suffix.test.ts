import {
  ENVIRONMENT_SUFFIX_MAX_LENGTH,
  environmentSuffixProblem,
  resolveEnvironmentSuffix,
} from "../src";

describe("environmentSuffix validation", () => {
  it.each(["dev", "d", "pr-123", "staging2", "a".repeat(ENVIRONMENT_SUFFIX_MAX_LENGTH)])("accepts %p", (value) => {
    expect(environmentSuffixProblem(value)).toBeUndefined();
  });

  it.each([
    ["", "empty"],
    ["Bad_Suffix!", "uppercase, underscore and punctuation"],
    ["Dev", "uppercase"],
    ["1dev", "starts with a digit"],
    ["-dev", "starts with a hyphen"],
    ["dev-", "ends with a hyphen"],
    ["pr--1", "double hyphen"],
    ["a".repeat(ENVIRONMENT_SUFFIX_MAX_LENGTH + 1), "one character too long"],
  ])("rejects %p (%s) naming the key, the value and the rule", (value) => {
    expect(environmentSuffixProblem(value)).toBe(
      `environmentSuffix '${value}' is invalid: it must be 1-20 characters of lowercase letters, digits and ` +
        "single hyphens, starting with a letter and not ending with a hyphen",
    );
  });
});

describe("resolveEnvironmentSuffix", () => {
  it("prefers ENVIRONMENT_SUFFIX over stack config", () => {
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "pr-7" }, "dev")).toEqual({ value: "pr-7", source: "environment" });
  });

  it("keeps an empty ENVIRONMENT_SUFFIX so validation can reject it", () => {
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "" }, "dev")).toEqual({ value: "", source: "environment" });
  });

  it("falls back to stack config", () => {
    expect(resolveEnvironmentSuffix({}, "dev")).toEqual({ value: "dev", source: "config" });
  });

  it("reports a missing suffix", () => {
    expect(resolveEnvironmentSuffix({}, undefined)).toEqual({ value: undefined, source: "missing" });
  });
});
