import path from "node:path";
import { checkPlanCall, driftCall, driftFile, liveAuditArgs, outputsFile, parseInvocation, pulumiCalls, STACK_LS, stackExportCall } from "../src/commands";
import { COMMANDS, UsageError } from "../src/flags";

describe("parseInvocation", () => {
  it("reads the command, the project root and the stack an Nx configuration passes", () => {
    expect(parseInvocation(["deploy", "stacks/data", "--stack=dev"])).toEqual({
      command: "deploy",
      projectRoot: "stacks/data",
      stack: "dev",
      confirmed: false,
      flags: [],
    });
  });

  it("reads a --confirm naming the stack, and the Pulumi flags Nx forwarded", () => {
    expect(parseInvocation(["destroy", "stacks/data", "--stack=prod", "--confirm=prod", "--diff", "--stack", "prod"])).toEqual({
      command: "destroy",
      projectRoot: "stacks/data",
      stack: "prod",
      confirmed: true,
      flags: [{ name: "diff", value: "true" }],
    });
  });

  it("refuses a --confirm that names another stack", () => {
    expect(() => parseInvocation(["destroy", "stacks/data", "--stack=prod", "--confirm=dev"])).toThrow(
      new UsageError("--confirm=dev does not name the stack being run (prod): it must be --confirm=prod"),
    );
  });

  it("accepts an ephemeral stack name such as pr-123", () => {
    expect(parseInvocation(["preview", "stacks/network", "--stack=pr-123"]).stack).toBe("pr-123");
  });

  it("takes the last --stack when several are given", () => {
    expect(parseInvocation(["destroy", "stacks/compute", "--stack=dev", "--stack=pr-7"]).stack).toBe("pr-7");
  });

  it("refuses to run without a stack rather than fall back to whatever stack is selected", () => {
    const message =
      "no stack selected for deploy of stacks/data: pass -c dev|staging|prod, or --stack=<name> for an ephemeral environment";
    expect(() => parseInvocation(["deploy", "stacks/data", "--stack="])).toThrow(new UsageError(message));
    expect(() => parseInvocation(["deploy", "stacks/data"])).toThrow(new UsageError(message));
  });

  it("refuses a fully-qualified or malformed stack name", () => {
    const expected = (stack: string) =>
      new UsageError(`stack "${stack}" is not a plain Pulumi stack name: use letters, digits, "-", "_" or "." (1-100 characters, no "/")`);
    expect(() => parseInvocation(["deploy", "stacks/data", "--stack=organization/fin-data/dev"])).toThrow(
      expected("organization/fin-data/dev"),
    );
    expect(() => parseInvocation(["deploy", "stacks/data", "--stack=pr 1"])).toThrow(expected("pr 1"));
    expect(() => parseInvocation(["deploy", "stacks/data", `--stack=${"a".repeat(101)}`])).toThrow(expected("a".repeat(101)));
  });

  it("refuses an unknown command", () => {
    expect(() => parseInvocation(["up", "stacks/data", "--stack=dev"])).toThrow(
      new UsageError('unknown command "up": expected one of preview, deploy, refresh, destroy, outputs, audit'),
    );
  });

  it("prints the usage for a wrong number of arguments", () => {
    const usage = "usage: pulumi-stack <preview|deploy|refresh|destroy|outputs|audit> <projectRoot> --stack=<name> [--confirm=<stack>] [pulumi flags]";
    expect(() => parseInvocation([])).toThrow(new UsageError(`${usage}\n  got: (nothing)`));
    expect(() => parseInvocation(["--stack=dev"])).toThrow(new UsageError(`${usage}\n  got: --stack=dev`));
    expect(() => parseInvocation(["deploy", "--stack=dev"])).toThrow(new UsageError(`${usage}\n  got: deploy --stack=dev`));
    expect(() => parseInvocation(["deploy", "stacks/data", "extra", "--stack=dev"])).toThrow(
      new UsageError(`${usage}\n  got: deploy stacks/data extra --stack=dev`),
    );
  });

  it("refuses a flag that is not passed through", () => {
    expect(() => parseInvocation(["deploy", "stacks/data", "--stack=dev", "--yes"])).toThrow("deploy does not pass this flag to Pulumi: --yes");
  });

  it("names its error class so a caller can tell usage problems from Pulumi failures", () => {
    expect(new UsageError("x").name).toBe("UsageError");
  });
});

describe("audit", () => {
  it("checks drift with a read-only preview that refreshes first and fails on any change, as JSON", () => {
    expect(pulumiCalls({ command: "audit", projectRoot: "stacks/data", stack: "prod" })).toEqual([driftCall("prod")]);
    expect(driftCall("prod")).toEqual({ args: ["preview", "--expect-no-changes", "--refresh", "--json", "--stack", "prod", "--non-interactive"], capture: true });
    expect(driftFile("/w", "stacks/data", "prod")).toBe(path.join("/w", "dist", "prod", "data", "drift.json"));
  });

  it("hands --wait-seconds to the live audit", () => {
    expect(parseInvocation(["audit", "stacks/compute", "--stack=dev", "--wait-seconds=120"])).toMatchObject({ command: "audit", waitSeconds: "120" });
    expect(parseInvocation(["audit", "stacks/compute", "--stack=dev"]).waitSeconds).toBeUndefined();
    expect(liveAuditArgs({ projectRoot: "stacks/compute", stack: "dev", waitSeconds: "120" })).toEqual(["libs/verify/bin/audit.js", "stacks/compute", "--stack=dev", "--wait-seconds=120"]);
    expect(liveAuditArgs({ projectRoot: "stacks/compute", stack: "dev" })).toEqual(["libs/verify/bin/audit.js", "stacks/compute", "--stack=dev"]);
  });

  it("takes --wait-seconds only as a whole number, and only for audit", () => {
    expect(() => parseInvocation(["audit", "stacks/compute", "--stack=dev", "--wait-seconds=-5"])).toThrow("--wait-seconds takes a whole number of seconds (0 or more): --wait-seconds=-5");
    expect(() => parseInvocation(["deploy", "stacks/compute", "--stack=dev", "--wait-seconds=5"])).toThrow("deploy does not pass this flag to Pulumi: --wait-seconds=5");
    expect(parseInvocation(["audit", "stacks/compute", "--stack=dev", "--wait-seconds", "0"]).waitSeconds).toBe("0");
  });
});

describe("pulumiCalls", () => {
  const calls = (command: (typeof COMMANDS)[number], projectRoot = "stacks/data") =>
    pulumiCalls({ command, projectRoot, stack: "staging" });

  it("previews non-interactively with the policy pack", () => {
    expect(calls("preview")).toEqual([
      {
        args: ["preview", "--stack", "staging", "--non-interactive", "--policy-pack", "../../libs/policies"],
        capture: false,
      },
    ]);
  });

  it("deploys with `up --yes` and the policy pack, keeping the preview phase, then captures the outputs", () => {
    expect(calls("deploy")).toEqual([
      {
        args: ["up", "--yes", "--stack", "staging", "--non-interactive", "--policy-pack", "../../libs/policies"],
        capture: false,
      },
      { args: ["stack", "output", "--json", "--stack", "staging", "--non-interactive"], capture: true },
    ]);
    expect(calls("deploy")[0].args).not.toContain("--skip-preview");
  });

  it("refreshes and destroys with --yes and no policy pack (nothing new is declared)", () => {
    expect(calls("refresh")).toEqual([{ args: ["refresh", "--yes", "--stack", "staging", "--non-interactive"], capture: false }]);
    expect(calls("destroy")).toEqual([{ args: ["destroy", "--yes", "--stack", "staging", "--non-interactive"], capture: false }]);
  });

  it("reads the outputs alone for the outputs target", () => {
    expect(calls("outputs")).toEqual([
      { args: ["stack", "output", "--json", "--stack", "staging", "--non-interactive"], capture: true },
    ]);
  });

  it("appends the routed Pulumi flags to the command they are for, never to the outputs read", () => {
    const flags = [
      { name: "target", value: "urn:pulumi:staging::fin-data::aws:s3/bucket:Bucket::raw" },
      { name: "refresh", value: "false" },
      { name: "parallel", value: "4" },
    ];
    const args = (command: (typeof COMMANDS)[number]) => pulumiCalls({ command, projectRoot: "stacks/data", stack: "staging" }, flags).map((c) => c.args.join(" "));
    const tail = "--target urn:pulumi:staging::fin-data::aws:s3/bucket:Bucket::raw --refresh=false --parallel 4";
    expect(args("deploy")).toEqual([
      `up --yes --stack staging --non-interactive --policy-pack ../../libs/policies ${tail}`,
      "stack output --json --stack staging --non-interactive",
    ]);
    expect(args("preview")).toEqual([`preview --stack staging --non-interactive --policy-pack ../../libs/policies ${tail}`]);
    expect(args("destroy")).toEqual([`destroy --yes --stack staging --non-interactive ${tail}`]);
    expect(args("refresh")).toEqual([`refresh --yes --stack staging --non-interactive ${tail}`]);
  });

  it("points the policy pack at libs/policies from wherever the project sits", () => {
    expect(calls("preview", "stacks/data/")[0].args.slice(-2)).toEqual(["--policy-pack", "../../libs/policies"]);
    expect(calls("preview", "infra/aws/stacks/data")[0].args.slice(-2)).toEqual(["--policy-pack", "../../../../libs/policies"]);
  });
});

describe("the calls the checks make", () => {
  it("plan a protected deploy as JSON over the same scope, without the policy pack or display flags", () => {
    const flags = [
      { name: "target", value: "urn:a" },
      { name: "target-dependents", value: "true" },
      { name: "replace", value: "urn:b" },
      { name: "exclude", value: "urn:c" },
      { name: "refresh", value: "true" },
      { name: "diff", value: "true" },
      { name: "message", value: "m" },
      { name: "parallel", value: "2" },
      { name: "expect-no-changes", value: "true" },
    ];
    expect(checkPlanCall("prod", flags)).toEqual({
      args: ["preview", "--json", "--stack", "prod", "--non-interactive", "--target", "urn:a", "--target-dependents", "--replace", "urn:b", "--exclude", "urn:c", "--refresh"],
      capture: true,
    });
  });

  it("list a dependent's stacks and export a stack's state, captured", () => {
    expect(STACK_LS).toEqual({ args: ["stack", "ls", "--json", "--non-interactive"], capture: true });
    expect(stackExportCall("prod")).toEqual({ args: ["stack", "export", "--stack", "prod", "--non-interactive"], capture: true });
  });
});

describe("outputsFile", () => {
  it("is dist/<stack>/<layer>/outputs.json under the workspace root, beside that environment's plan", () => {
    expect(outputsFile("/ws", "stacks/compute", "pr-123")).toBe(path.join("/ws", "dist", "pr-123", "compute", "outputs.json"));
  });
});
