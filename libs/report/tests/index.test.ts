import * as report from "../src";

describe("the package entry point", () => {
  it("exports the CLI, the loaders, the estimator and the diagram", () => {
    expect(Object.keys(report).filter((k) => typeof (report as Record<string, unknown>)[k] === "function").sort()).toEqual([
      "DataFileError",
      "PlanError",
      "ResourceIndex",
      "architectureMarkdown",
      "buildDiagram",
      "costMarkdown",
      "estimate",
      "inputStrings",
      "layerPlan",
      "loadAssumptions",
      "loadEnvironment",
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
