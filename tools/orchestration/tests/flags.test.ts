import { COMMANDS, flagsOf, parseFlags, PASS_THROUGH, PULUMI_COMMAND, pulumiArgs, spelling, usage, UsageError } from "../src/flags";

describe("PASS_THROUGH", () => {
  it("is the vetted list, each flag on the Pulumi commands that take it", () => {
    expect(PASS_THROUGH.map((f) => [spelling(f), f.commands.join(",")])).toEqual([
      ["--target=<urn>", "preview,deploy,refresh,destroy"],
      ["--target-dependents", "preview,deploy,refresh,destroy"],
      ["--replace=<urn>", "preview,deploy"],
      ["--exclude=<urn>", "preview,deploy,refresh,destroy"],
      ["--diff", "preview,deploy,refresh,destroy"],
      ["--refresh", "preview,deploy,destroy"],
      ["--expect-no-changes", "preview,deploy,refresh"],
      ["-p <n>", "preview,deploy,refresh,destroy"],
      ["--message=<text>", "preview,deploy,refresh,destroy"],
    ]);
    expect(flagsOf("outputs")).toEqual([]);
    expect(PULUMI_COMMAND).toEqual({ preview: "preview", deploy: "up", refresh: "refresh", destroy: "destroy", outputs: "stack output", audit: "preview --expect-no-changes --refresh --json" });
    expect(flagsOf("audit")).toEqual([]);
  });
});

describe("parseFlags", () => {
  it("splits our own flags, the Pulumi flags and the positionals, in both --x=v and --x v forms", () => {
    expect(
      parseFlags("deploy", [
        "stacks/data",
        "--stack=dev",
        "--stack",
        "pr-1",
        "--confirm",
        "pr-1",
        "--target",
        "urn:a",
        "--replace=urn:b",
        "--diff",
        "--refresh=false",
        "-p",
        "8",
        "--parallel=2",
        "--message",
        "two words",
        "--target-dependents=true",
      ]),
    ).toEqual({
      stacks: ["dev", "pr-1"],
      confirm: "pr-1",
      positional: ["stacks/data"],
      pulumi: [
        { name: "target", value: "urn:a" },
        { name: "replace", value: "urn:b" },
        { name: "diff", value: "true" },
        { name: "refresh", value: "false" },
        { name: "parallel", value: "8" },
        { name: "parallel", value: "2" },
        { name: "message", value: "two words" },
        { name: "target-dependents", value: "true" },
      ],
    });
  });

  it("takes --confirm on every target, so one run-many can carry it", () => {
    expect(parseFlags("preview", ["--confirm=prod"]).confirm).toBe("prod");
  });

  const listFor = (command: (typeof COMMANDS)[number]) =>
    `\n  ${command} passes these Pulumi flags, after --: ${flagsOf(command).map(spelling).join(", ")}\n` +
    "  besides its own --stack=<name> and --confirm=<stack> (see docs/deploy.md)";

  it.each([
    ["deploy", ["--yes"], "deploy does not pass this flag to Pulumi: --yes"],
    ["deploy", ["-y"], "deploy does not pass this flag to Pulumi: -y"],
    ["deploy", ["--skip-preview"], "deploy does not pass this flag to Pulumi: --skip-preview"],
    ["destroy", ["--replace=urn:x"], "destroy does not pass this flag to Pulumi: --replace=urn:x"],
    ["refresh", ["--refresh"], "refresh does not pass this flag to Pulumi: --refresh"],
    ["deploy", ["--diff=yes"], "--diff is a switch (true or false): --diff=yes"],
    ["deploy", ["-p", "0"], "-p <n> takes a whole number above 0: -p 0"],
    ["deploy", ["-p=x"], "-p <n> takes a whole number above 0: -p=x"],
    ["deploy", ["--message="], "--message needs a non-empty value: --message="],
    ["deploy", ["--target"], "a value is missing after: --target"],
    ["deploy", ["--stack"], "a value is missing after: --stack"],
  ] as const)("%s %j is refused, listing the flags it passes", (command, args, message) => {
    expect(() => parseFlags(command, args)).toThrow(new UsageError(`${message}${listFor(command)}`));
  });

  it("says outputs passes none", () => {
    expect(() => parseFlags("outputs", ["--show-secrets"])).toThrow(
      new UsageError(
        "outputs does not pass this flag to Pulumi: --show-secrets\n  outputs passes no Pulumi flags\n  besides its own --stack=<name> and --confirm=<stack> (see docs/deploy.md)",
      ),
    );
  });
});

describe("pulumiArgs", () => {
  it("writes values as separate arguments and a false switch as --x=false", () => {
    expect(
      pulumiArgs([
        { name: "target", value: "urn:a" },
        { name: "diff", value: "true" },
        { name: "refresh", value: "false" },
        { name: "parallel", value: "3" },
      ]),
    ).toEqual(["--target", "urn:a", "--diff", "--refresh=false", "--parallel", "3"]);
  });
});

describe("usage", () => {
  it("documents a target's own flags and the Pulumi flags it passes", () => {
    expect(usage("destroy")).toBe(
      [
        "nx run <layer>:destroy (-c dev|staging|prod | --stack=<name>) [--confirm=<stack>] [-- <pulumi flags>]",
        "  runs: pulumi destroy in stacks/<layer>",
        "  --stack=<name>             the stack (wins over -c); put it after -- when there is a --",
        "  --confirm=<stack>          destroy a protected stack, or a layer whose dependents still have resources (ADR 0011)",
        "  Pulumi flags, after --:",
        "  --target=<urn>             only this resource (repeatable); a layer none of whose resources is named is skipped",
        "  --target-dependents        also the resources that depend on the --target ones",
        "  --exclude=<urn>            leave this resource alone (repeatable)",
        "  --diff                     show a detailed diff of each change",
        "  --refresh                  refresh the state from AWS first",
        "  -p <n>                     at most <n> resource operations at once",
        "  --message=<text>           the update's message in the stack history",
      ].join("\n"),
    );
    expect(usage("outputs")).toBe(
      [
        "nx run <layer>:outputs (-c dev|staging|prod | --stack=<name>)",
        "  runs: pulumi stack output in stacks/<layer>",
        "  --stack=<name>             the stack (wins over -c); put it after -- when there is a --",
        "  no Pulumi flags",
      ].join("\n"),
    );
  });
});
