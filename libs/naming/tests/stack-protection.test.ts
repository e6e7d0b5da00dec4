import { PROTECTED_BY_NAME, PROTECTED_KEY, stackProtection } from "../src";

describe("stackProtection", () => {
  it("protects prod by its name, whatever its config says", () => {
    expect(PROTECTED_BY_NAME).toEqual(["prod"]);
    expect(stackProtection("prod", false)).toEqual({ protected: true, reason: "stack prod is always protected" });
    expect(stackProtection("prod", true)).toEqual({ protected: true, reason: "stack prod is always protected" });
  });

  it("protects any other stack whose config sets protected: true", () => {
    expect(PROTECTED_KEY).toBe("protected");
    expect(stackProtection("staging", true)).toEqual({ protected: true, reason: "its config sets protected: true" });
  });

  it("leaves other stacks unprotected", () => {
    expect(stackProtection("dev", false)).toEqual({ protected: false, reason: "its config leaves protected false" });
    expect(stackProtection("prod-copy", false).protected).toBe(false);
  });
});
