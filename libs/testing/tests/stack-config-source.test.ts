import * as path from "node:path";
import { stackConfigSource } from "../src";

const SAMPLE = path.join(__dirname, "fixtures", "sample");

describe("stackConfigSource", () => {
  it("answers fully qualified keys from the resolved stack config, as strings", () => {
    const source = stackConfigSource(SAMPLE, "dev");
    expect(["fin-sample:greeting", "fin-sample:count", "fin-sample:tags", "aws:region"].map((key) => source.get(key))).toEqual([
      "hello",
      "3",
      '["a","b"]',
      "us-east-2",
    ]);
  });

  it("applies overrides over the stack file", () => {
    const source = stackConfigSource(SAMPLE, "dev", { "fin-sample:count": 7, "fin-sample:greeting": "hi" });
    expect([source.get("fin-sample:count"), source.get("fin-sample:greeting")]).toEqual(["7", "hi"]);
  });

  it("returns undefined for a key the project does not declare", () => {
    expect(stackConfigSource(SAMPLE, "dev").get("fin-sample:undeclared")).toBeUndefined();
  });

  it("refuses a stack the CLI would refuse, like resolveStackConfig", () => {
    expect(() => stackConfigSource(SAMPLE, "qa")).toThrow("Stack 'qa' is missing configuration value 'greeting' (there is no ");
  });
});
