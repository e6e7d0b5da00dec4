import * as report from "../src";

describe("the package entry point", () => {
  it("exports the CLI, the data loaders, the estimator, the idle/load summary, the README table, the diagram and plan:diff (plans are read through @fin/plan)", () => {
    expect(Object.keys(report).filter((k) => typeof (report as Record<string, unknown>)[k] === "function").sort()).toEqual([
      "CostTableError",
      "DataFileError",
      "NegativeQuantityError",
      "ResourceIndex",
      "architectureMarkdown",
      "buildDiagram",
      "checkCostTable",
      "costDelta",
      "costMarkdown",
      "costTableRow",
      "environmentProfile",
      "estimate",
      "evaluateEnvironment",
      "goalResults",
      "inputStrings",
      "loadAssumptions",
      "loadPriceBook",
      "mermaidId",
      "overrideAssumptions",
      "planDiffCli",
      "policyDelta",
      "priceEnvironment",
      "provisionedClassFor",
      "readSummaries",
      "readmeTable",
      "renderCostTable",
      "renderPlanDiff",
      "reportCli",
      "round2",
      "splitTasks",
      "summarize",
      "summaryMarkdown",
      "toMermaid",
      "tokenPattern",
      "updateCostTable",
      "usd",
    ]);
  });
});
