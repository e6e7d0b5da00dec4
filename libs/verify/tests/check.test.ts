import { Check, runChecks, matchingCheckIds } from "../src/check";
import { awsError, clients } from "./support/fixtures";

const aws = clients();
const check = (id: string, run: Check["run"]): Check => ({ id, title: `title of ${id}`, resource: `res-${id}`, run });
const clock = () => {
  let t = 1000;
  return () => (t += 5);
};

describe("runChecks", () => {
  it("records pass and fail with expected and observed values", async () => {
    const results = await runChecks(
      [check("a", async () => ({ pass: true, expected: 30, observed: 30 })), check("b", async () => ({ pass: false, expected: 30, observed: 14 }))],
      aws,
      { now: clock() },
    );
    expect(results).toEqual([
      { id: "a", title: "title of a", resource: "res-a", status: "pass", expected: 30, observed: 30, attempts: 1, durationMs: 5 },
      { id: "b", title: "title of b", resource: "res-b", status: "fail", expected: 30, observed: 14, attempts: 1, durationMs: 5 },
    ]);
  });

  it("records a passing observation that waits as waiting, with its reason; a failing one stays a failure", async () => {
    const results = await runChecks(
      [
        check("w", async () => ({ pass: true, expected: 0, observed: 0, waiting: "waiting for image r:1.0.0" })),
        check("x", async () => ({ pass: false, expected: 0, observed: 2, waiting: "waiting for image r:1.0.0" })),
      ],
      aws,
      { now: clock() },
    );
    expect(results).toEqual([
      { id: "w", title: "title of w", resource: "res-w", status: "waiting", expected: 0, observed: 0, waiting: "waiting for image r:1.0.0", attempts: 1, durationMs: 5 },
      { id: "x", title: "title of x", resource: "res-x", status: "fail", expected: 0, observed: 2, attempts: 1, durationMs: 5 },
    ]);
  });

  it("retries throttling with exponential backoff and jitter, then passes", async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const results = await runChecks(
      [
        check("t", async () => {
          calls++;
          if (calls < 3) throw awsError("ThrottlingException", "Rate exceeded", 400);
          return { pass: true, expected: 1, observed: 1 };
        }),
      ],
      aws,
      { sleep: async (ms) => void sleeps.push(ms), random: () => 1, baseDelayMs: 100, now: () => 0 },
    );
    expect(sleeps).toEqual([100, 200]);
    expect(results[0]).toMatchObject({ status: "pass", attempts: 3 });
  });

  it("gives up after maxAttempts and reports the throttling", async () => {
    const sleeps: number[] = [];
    const results = await runChecks(
      [
        check("t", async () => {
          throw awsError("RequestLimitExceeded", "Request limit exceeded.", 503);
        }),
      ],
      aws,
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0, maxAttempts: 3, baseDelayMs: 100, now: () => 0 },
    );
    expect(sleeps).toEqual([50, 100]);
    expect(results[0]).toEqual({
      id: "t",
      title: "title of t",
      resource: "res-t",
      status: "unknown",
      error: { kind: "throttled", code: "RequestLimitExceeded", message: "Request limit exceeded." },
      reason: "throttled: RequestLimitExceeded: Request limit exceeded.",
      attempts: 3,
      durationMs: 0,
    });
  });

  it("does not retry access denied, and keeps running the next checks", async () => {
    let calls = 0;
    const results = await runChecks(
      [
        check("denied", async () => {
          calls++;
          throw awsError("AccessDeniedException", "User is not authorized to perform: kms:DescribeKey", 400);
        }),
        check("next", async () => ({ pass: true, expected: true, observed: true })),
      ],
      aws,
      { now: () => 0 },
    );
    expect(calls).toBe(1);
    expect(results.map((r) => [r.id, r.status, r.error?.kind])).toEqual([
      ["denied", "unknown", "access-denied"],
      ["next", "pass", undefined],
    ]);
  });

  it("reports an API the endpoint lacks as unknown, a missing resource as an error, and a check's own verdict", async () => {
    const results = await runChecks(
      [
        check("api", async () => {
          throw awsError("UnknownOperationException", "Unknown operation ListRecoveryPointsByResource", 400);
        }),
        check("gone", async () => {
          throw awsError("ResourceNotFoundException", "Stream market-data-dev not found", 400);
        }),
        check("young", async () => ({ pass: false, verdict: "pending", reason: "the cluster is 3 hours old", expected: "< 26", observed: null })),
      ],
      aws,
      { now: () => 0 },
    );
    expect(results.map((r) => [r.id, r.status, r.reason])).toEqual([
      ["api", "unknown", "unsupported: UnknownOperationException: Unknown operation ListRecoveryPointsByResource"],
      ["gone", "error", "not-found: ResourceNotFoundException: Stream market-data-dev not found"],
      ["young", "pending", "the cluster is 3 hours old"],
    ]);
  });

  it("reports skipped checks without running them", async () => {
    const run = jest.fn();
    const results = await runChecks([check("s", run)], aws, { skip: ["s"] });
    expect(run).not.toHaveBeenCalled();
    expect(results).toEqual([{ id: "s", title: "title of s", resource: "res-s", status: "skipped", attempts: 0, durationMs: 0 }]);
  });

  it("waits for real with the default sleep", async () => {
    let calls = 0;
    const started = Date.now();
    const results = await runChecks(
      [
        check("t", async () => {
          if (calls++ === 0) throw awsError("Throttling", "Rate exceeded", 400);
          return { pass: true, expected: 1, observed: 1 };
        }),
      ],
      aws,
      { baseDelayMs: 20 },
    );
    expect(results[0].status).toBe("pass");
    expect(Date.now() - started).toBeGreaterThanOrEqual(10);
  });
});

describe("matchingCheckIds", () => {
  const checks = [{ id: "ecs.service.stable.api" }, { id: "ecs.service.stable.ingest" }, { id: "ecs.service.stable.api.extra" }, { id: "kms.logs" }];

  it("names a check by its id, and a per-service check by its id before .<service>, for every service", () => {
    expect(matchingCheckIds(checks, "kms.logs")).toEqual(["kms.logs"]);
    expect(matchingCheckIds(checks, "ecs.service.stable")).toEqual(["ecs.service.stable.api", "ecs.service.stable.ingest"]);
    expect(matchingCheckIds(checks, "ecs.service.stable.api")).toEqual(["ecs.service.stable.api", "ecs.service.stable.api.extra"]);
    expect(matchingCheckIds(checks, "ecs.service")).toEqual([]);
    expect(matchingCheckIds(checks, "kms")).toEqual(["kms.logs"]);
  });
});
