// Pulumi's promise stacks, formatted without Jest's source mapping.
//
// @pulumi/pulumi 3.270.0 keeps the stack of every promise it wraps, for its leak report at exit
// (runtime/debuggable.js, debuggablePromise: `new Error().stack`). Reading `.stack` formats it at
// once, and under Jest every frame goes through Jest's source-map formatter (@jest/source-map,
// formatStackTrace and wrapCallSite): in stacks/compute that was 2.9 s of a 13.7 s CPU profile, with
// the stack already cut to ten frames (jest.setup.js). Under the Pulumi CLI these stacks are V8's
// plain ones. The formatter installed here gives Pulumi's promise stacks exactly that format and
// hands every other stack to the formatter Jest installed, so a failing test's trace is mapped as before.
"use strict";

/** Where Pulumi captures a promise's stack: the first frame of the trace. */
const isPulumiPromiseStack = (trace) => {
  const frame = trace[0];
  return frame !== undefined && frame.getFunctionName() === "debuggablePromise" && /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/.test(frame.getFileName() ?? "");
};

/** V8's own format: the error's first line, then one `    at <frame>` line per call site. */
const plain = (error, trace) => [String(error), ...trace.map((frame) => `    at ${frame}`)].join("\n");

/**
 * An `Error.prepareStackTrace` for a test file's context. Node formats an error of that context with
 * the context's own `prepareStackTrace` when it has one, else with the main context's
 * (lib/internal/errors.js, prepareStackTraceCallback), which is where Jest installs its formatter; so
 * every stack but Pulumi's goes to `main.prepareStackTrace`, looked up at each call.
 */
function promiseStacksUnmapped(main) {
  return function prepareStackTrace(error, trace) {
    if (isPulumiPromiseStack(trace) || typeof main.prepareStackTrace !== "function") return plain(error, trace);
    return main.prepareStackTrace(error, trace);
  };
}

module.exports = { promiseStacksUnmapped };
