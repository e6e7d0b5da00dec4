// Runs in every test file's environment before its tests (jest.preset.js `setupFiles`).
//
// Node's default stack depth, not Jest's 100 (jest-environment-node/build/index.js and
// jest-runner/build/testWorker.js set Error.stackTraceLimit = 100). @pulumi/pulumi reads
// `new Error().stack` for every promise it wraps (runtime/debuggable.js, debuggablePromise, 3.270.0),
// and under Jest every recorded frame goes through @jest/source-map's wrapCallSite: in
// stacks/compute/tests/index-profiles.test.ts that was 4.2 s of an 18.5 s CPU profile. Ten frames is
// what V8 records by default, so the programs see the stack depth they have under the Pulumi CLI;
// a failing test's trace shows its ten innermost frames. The promise stacks are also formatted without
// Jest's source mapping (libs/testing/jest/promise-stacks.js). ADR 0018.
Error.stackTraceLimit = 10;
