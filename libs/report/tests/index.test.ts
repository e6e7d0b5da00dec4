import * as report from "../src";

describe("the package entry point", () => {
  it("exports the CLI, the data loaders, the estimator, the diagram and plan:diff (plans are read through @fin/plan)", () => {
    expect(Object.keys(report).filter((k) => typeof (report as Record<string, unknown>)[k] === "function").sort()).toEqual([
      "DataFileError",
      "ResourceIndex",
      "architectureMarkdown",
      "buildDiagram",
      "costDelta",
      "costMarkdown",
      "estimate",
      "evaluateEnvironment",
      "inputStrings",
      "loadAssumptions",
      "loadPriceBook",
      "mermaidId",
      "overrideAssumptions",
      "planDiffCli",
      "policyDelta",
      "priceEnvironment",
      "provisionedClassFor",
      "renderPlanDiff",
      "reportCli",
      "round2",
      "splitTasks",
      "toMermaid",
      "tokenPattern",
      "usd",
    ]);
  });
});
