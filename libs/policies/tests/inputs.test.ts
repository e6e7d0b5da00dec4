// What Nx hashes for this suite (ADR 0018, eighth addendum): the libraries its lint lets it import,
// never a stack's program. A change to a stack that leaves its plan as it was replays it from the cache.
import * as path from "node:path";
import { targetInputFiles } from "@fin/testing";

it("the test target hashes no file of a stack: the layers reach it only through their synth outputs (dist/<stack>/<layer>/*.json, the target's dependentTasksOutputFiles)", () => {
  expect(targetInputFiles(path.resolve(__dirname, "..", "..", ".."), "policies:test").filter((f) => f.startsWith("stacks/"))).toEqual([]);
});
