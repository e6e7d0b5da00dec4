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
  it("takes the stack config's suffix when ENVIRONMENT_SUFFIX is unset", () => {
    expect(resolveEnvironmentSuffix({}, "dev")).toEqual({ value: "dev", source: "config" });
  });

  it("accepts an ENVIRONMENT_SUFFIX equal to the stack config's", () => {
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "prod" }, "prod")).toEqual({ value: "prod", source: "config" });
  });

  it("names an ephemeral stack, whose config leaves the suffix unset, from ENVIRONMENT_SUFFIX", () => {
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "pr-7" }, undefined)).toEqual({ value: "pr-7", source: "environment" });
    // "" is the Pulumi.yaml default, which means unset.
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "pr-7" }, "")).toEqual({ value: "pr-7", source: "environment" });
  });

  it("refuses an ENVIRONMENT_SUFFIX that would rename a named environment, naming both values", () => {
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "pr-123" }, "prod")).toEqual({
      value: undefined,
      source: "environment",
      problem:
        "ENVIRONMENT_SUFFIX 'pr-123' differs from the stack config's environmentSuffix 'prod': a stack that names its suffix " +
        "keeps it (another suffix renames, so replaces, every named resource); unset ENVIRONMENT_SUFFIX, or use it only for " +
        "a stack whose config leaves environmentSuffix unset",
    });
  });

  it("refuses an empty ENVIRONMENT_SUFFIX, with or without a configured suffix", () => {
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "" }, "dev")).toEqual({
      value: undefined,
      source: "environment",
      problem:
        "ENVIRONMENT_SUFFIX is set but empty: unset it to use the stack config's environmentSuffix 'dev', or set it to the ephemeral stack's suffix",
    });
    expect(resolveEnvironmentSuffix({ ENVIRONMENT_SUFFIX: "" }, "").problem).toBe(
      "ENVIRONMENT_SUFFIX is set but empty: unset it to use the stack config's environmentSuffix, or set it to the ephemeral stack's suffix",
    );
  });

  it("reports a missing suffix, \"\" counting as unset", () => {
    expect(resolveEnvironmentSuffix({}, undefined)).toEqual({ value: undefined, source: "missing" });
    expect(resolveEnvironmentSuffix({}, "")).toEqual({ value: undefined, source: "missing" });
  });
});
