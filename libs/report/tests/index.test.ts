import * as report from "../src";

describe("the package entry point", () => {
  it("exports the CLI, the data loaders, the estimator and the diagram (plans are read through @fin/plan)", () => {
    expect(Object.keys(report).filter((k) => typeof (report as Record<string, unknown>)[k] === "function").sort()).toEqual([
      "DataFileError",
      "ResourceIndex",
      "architectureMarkdown",
      "buildDiagram",
      "costMarkdown",
      "estimate",
      "inputStrings",
      "loadAssumptions",
      "loadPriceBook",
      "mermaidId",
      "overrideAssumptions",
      "provisionedClassFor",
      "reportCli",
      "round2",
      "splitTasks",
      "toMermaid",
      "tokenPattern",
      "usd",
    ]);
  });
});
