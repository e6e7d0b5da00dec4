import * as path from "node:path";
import { committedStacks } from "@fin/testing";

// Pulumi.yaml and every committed Pulumi.<stack>.yaml load under the Pulumi CLI's own project-schema
// and config-merge rules (libs/testing/src/pulumi-project.ts, stack-config.ts), so the real CLI would
// start the program for each of them.
describe("fin-network under the Pulumi CLI's loading rules", () => {
  it("loads dev, staging, prod, pr-1 and pr-shared, with offline stand-ins only where named", () => {
    expect(committedStacks(path.join(__dirname, ".."))).toEqual({ dev: [], prod: [], "pr-1": [], "pr-shared": [], staging: [] });
  });
});
