// Runs the fin-network dev program under the mock harness in a process of its own, with AWS
// answering getAvailabilityZones with the zones in argv[2] (comma-separated), and prints as JSON
// what the program failed with and every resource it declared.
//
// Why a process of its own: a failed AZ check rejects the inputs of every resource waiting on it,
// and the SDK deliberately leaves each failed registration as an unhandled rejection for the
// CLI's handler to report (@pulumi/pulumi runtime/resource.ts runAsyncResourceOp: "propagates
// the error, if any, so that it triggers unhandled rejection logic"). Jest fails any test during
// which that happens, so the run happens here, where this script is the handler.
"use strict";
const path = require("node:path");

const stackDir = path.resolve(__dirname, "..", "..");
process.chdir(stackDir);
delete process.env.ENVIRONMENT_SUFFIX;
require("ts-node").register({ transpileOnly: true, project: path.join(stackDir, "tsconfig.json") });

const { runProgram, setupMocks } = require("@fin/testing");
const { STACK_OUTPUTS, devConfig } = require("../fixtures");

const reported = new Set();
process.on("unhandledRejection", (error) => reported.add(error));

async function main() {
  const names = process.argv[2].split(",");
  const harness = await setupMocks({
    project: "fin-network",
    stack: "dev",
    config: devConfig(),
    stackOutputs: STACK_OUTPUTS,
    invokes: { "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({ id: "us-east-2", names }) },
  });
  let failure;
  try {
    await runProgram(() => require(path.join(stackDir, "index.ts")));
  } catch (error) {
    failure = error;
  }
  // Let every pending registration settle and report before taking stock.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const errors = [...reported, ...(failure === undefined ? [] : [failure])];
  process.stdout.write(
    JSON.stringify({
      failure: failure === undefined ? null : failure.message,
      // The CLI reports an error once by identity (@pulumi/pulumi cmd/run/run.ts isErrorReported).
      distinctErrors: [...new Set(errors)].map((e) => e.message),
      declared: harness.resources.map((r) => `${r.op} ${r.type} ${r.name}`),
    }),
  );
}

main();
