// What Nx hashes for this suite (ADR 0018, eighth and ninth addenda): the libraries its code loads,
// never a stack's program. A change to a stack that leaves its plan as it was replays it from the cache.
import * as path from "node:path";
import { taskKey, unhashedImports } from "@fin/testing";

const key = taskKey(path.resolve(__dirname, "..", "..", ".."), "report:test");

it("the test target hashes no file of a stack: it reads no plan of theirs at all (its tests price fixtures)", () => {
  expect(key.files.filter((f) => f.startsWith("stacks/"))).toEqual([]);
});

it("the test target hashes every library the suite loads, so a change to one re-runs it", () => {
  expect([key.imports.map((i) => i.name), unhashedImports(key)]).toEqual([["config", "contracts", "naming", "plan", "policies", "testing"], []]);
});
