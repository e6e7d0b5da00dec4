import * as fs from "node:fs";
import * as path from "node:path";
import { SHARED_NETWORK_STACK } from "@fin/contracts";

// A guest network's synth writes its host's plans too (ADR 0019); Nx restores on a cache hit only what
// the target lists, so network's synth target lists the shared network's directory after the defaults.
describe("network's synth target", () => {
  it("keeps the target defaults' outputs ('...') and adds the shared network's plans", () => {
    const project = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "project.json"), "utf8"));
    expect(project.targets.synth).toEqual({ outputs: ["...", `{workspaceRoot}/dist/${SHARED_NETWORK_STACK}/**`] });
  });
});
