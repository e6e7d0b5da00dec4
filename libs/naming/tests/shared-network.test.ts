import { SHARED_NETWORK_STACK, STACK_NAME } from "../src";

describe("the shared network's stack", () => {
  it("is pr-shared, itself a valid stack name that no pull request's pr-<n> can take", () => {
    expect(SHARED_NETWORK_STACK).toBe("pr-shared");
    expect(STACK_NAME.test(SHARED_NETWORK_STACK)).toBe(true);
    expect(/^pr-\d+$/.test(SHARED_NETWORK_STACK)).toBe(false);
  });

  it("accepts the names Pulumi accepts and nothing else", () => {
    expect(["dev", "pr-12", "a_b.c-d", "x".repeat(100)].map((s) => STACK_NAME.test(s))).toEqual([true, true, true, true]);
    expect(["", "org/dev", "pr 1", "pr-1!", "x".repeat(101)].map((s) => STACK_NAME.test(s))).toEqual([false, false, false, false, false]);
  });
});
