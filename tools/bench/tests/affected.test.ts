import { affectedProjects, ranTasks, replayedTasks } from "../src/affected";

const OUTPUT = [
  "   ✔  nx run security:synth:dev  [local cache]",
  "> nx run compute:lint",
  "",
  "> eslint --max-warnings=0 stacks/compute",
  "\u001b[1m> nx run compute:synth:dev\u001b[22m",
  "> nx run policies:test  [local cache]",
  "> nx run report:typecheck  [existing outputs match the cache, left as is]",
  "> nx run report:test",
].join("\n");

describe("ranTasks", () => {
  it("reads each `> nx run <project>:<target>` line, its configuration dropped, and whether it came from the cache", () => {
    expect(ranTasks(OUTPUT)).toEqual([
      { project: "compute", target: "lint", cached: false },
      { project: "compute", target: "synth", cached: false },
      { project: "policies", target: "test", cached: true },
      { project: "report", target: "typecheck", cached: true },
      { project: "report", target: "test", cached: false },
    ]);
  });
});

describe("affectedProjects", () => {
  it("lists, sorted and once each, the projects whose lint, typecheck or test ran; a dependency's synth alone does not count", () => {
    const tasks = [...ranTasks(OUTPUT), { project: "data", target: "synth", cached: false }];
    expect(affectedProjects(tasks, ["lint", "typecheck", "test"])).toEqual(["compute", "policies", "report"]);
  });
});

describe("replayedTasks", () => {
  it("lists, sorted, the lint, typecheck and test tasks Nx took from its cache; a cached synth does not count", () => {
    expect(replayedTasks(ranTasks(OUTPUT), ["lint", "typecheck", "test"])).toEqual(["policies:test", "report:typecheck"]);
  });
});
