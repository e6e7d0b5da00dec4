import fs from "node:fs";
import { Invocation, PulumiCall } from "../src/commands";
import { PulumiFlag } from "../src/flags";
import {
  Ask,
  checkDependents,
  checkProtectedDeploy,
  checkProtectedDestroy,
  checkSuffix,
  GuardContext,
  nxCommand,
  Refusal,
  REFUSED_STATUS,
  shellWord,
} from "../src/guards";
import { RunResult } from "../src/pulumi-cli";
import { Layer, readLayers, readStackSettings } from "../src/workspace";
import { copyStacks, tempWorkspace } from "./support/workspace";

let root: string;
let layers: Layer[];
const layer = (name: string) => layers.find((l) => l.name === name)!;
beforeAll(() => {
  root = tempWorkspace();
  copyStacks(root);
  layers = readLayers(root, "stacks/data").layers;
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

interface Asked {
  readonly layer: string;
  readonly args: string;
}

/** An Ask that answers `<layer> <args>` from `answers` (default: exit 0, "[]") and records each question. */
function asking(answers: Record<string, RunResult> = {}): { ask: Ask; asked: Asked[] } {
  const asked: Asked[] = [];
  const ask: Ask = (l: Layer, call: PulumiCall) => {
    const args = call.args.join(" ");
    asked.push({ layer: l.name, args });
    return answers[`${l.name} ${args}`] ?? { status: 0, stdout: "[]" };
  };
  return { ask, asked };
}

function context(
  name: string,
  invocation: Partial<Invocation> & Pick<Invocation, "command" | "stack">,
  options: { ask?: Ask; env?: Record<string, string>; flags?: PulumiFlag[]; warn?: (l: string) => void } = {},
): GuardContext {
  const self = layer(name);
  const full: Invocation = { projectRoot: self.root, confirmed: false, flags: [], ...invocation };
  return {
    invocation: full,
    self,
    layers,
    settings: readStackSettings(root, self, full.stack),
    flags: options.flags ?? full.flags,
    env: options.env ?? {},
    ask: options.ask ?? asking().ask,
    warn: options.warn ?? (() => undefined),
  };
}

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal);
    expect((error as Error).name).toBe("Refusal");
    return (error as Error).message;
  }
  throw new Error("expected a Refusal");
};

describe("shellWord", () => {
  it("leaves a plain word alone and quotes the rest for the shell and for Nx's second pass", () => {
    expect(shellWord("--stack=pr-123")).toBe("--stack=pr-123");
    expect(shellWord("--target=urn:pulumi:dev::fin-data::aws:s3/bucket:Bucket::raw")).toBe("--target=urn:pulumi:dev::fin-data::aws:s3/bucket:Bucket::raw");
    expect(shellWord("--message=nightly run")).toBe("'--message=nightly run'");
    expect(shellWord("--target=urn:a$aws:b")).toBe("'--target=urn:a\\$aws:b'");
    expect(shellWord("it's `x` \\ y")).toBe("'it'\\''s \\`x\\` \\\\ y'");
  });
});

describe("nxCommand", () => {
  it("puts --stack and our own flags plain, or everything after -- when there are Pulumi flags", () => {
    expect(nxCommand(layer("data"), "destroy", "prod", { own: ["--confirm=prod"] })).toBe("npx nx run data:destroy --stack=prod --confirm=prod");
    expect(
      nxCommand(layer("data"), "deploy", "prod", {
        nx: ["--exclude-task-dependencies"],
        own: ["--confirm=prod"],
        flags: [
          { name: "target", value: "urn:pulumi:prod::fin-data::a:b:C$aws:rds/cluster:Cluster::db" },
          { name: "refresh", value: "false" },
          { name: "diff", value: "true" },
          { name: "parallel", value: "4" },
          { name: "message", value: "hot fix" },
        ],
      }),
    ).toBe(
      "npx nx run data:deploy --exclude-task-dependencies -- --stack=prod --confirm=prod " +
        "'--target=urn:pulumi:prod::fin-data::a:b:C\\$aws:rds/cluster:Cluster::db' --refresh=false --diff -p 4 '--message=hot fix'",
    );
    expect(nxCommand(layer("data"), "preview", "dev")).toBe("npx nx run data:preview --stack=dev");
    expect(nxCommand("all", "destroy", "prod", { flags: [{ name: "diff", value: "true" }] })).toBe("npx nx run-many -t destroy -- --stack=prod --diff");
  });
});

describe("checkSuffix", () => {
  it("lets a matching or absent ENVIRONMENT_SUFFIX through, and ignores it where no program runs", () => {
    expect(() => checkSuffix(context("data", { command: "deploy", stack: "prod" }, { env: { ENVIRONMENT_SUFFIX: "prod" } }))).not.toThrow();
    expect(() => checkSuffix(context("data", { command: "preview", stack: "pr-9" }, { env: { ENVIRONMENT_SUFFIX: "pr-9" } }))).not.toThrow();
    expect(() => checkSuffix(context("data", { command: "destroy", stack: "prod" }, { env: { ENVIRONMENT_SUFFIX: "" } }))).not.toThrow();
    expect(() => checkSuffix(context("data", { command: "refresh", stack: "prod" }, { env: { ENVIRONMENT_SUFFIX: "x" } }))).not.toThrow();
  });

  it("refuses one that would rename the stack, with the command that proceeds", () => {
    const flags = [{ name: "diff", value: "true" }];
    expect(refusal(() => checkSuffix(context("data", { command: "preview", stack: "staging", flags }, { env: { ENVIRONMENT_SUFFIX: "pr-1" } })))).toBe(
      [
        "refused: preview of fin-data, stack staging (stacks/data)",
        "  why: ENVIRONMENT_SUFFIX 'pr-1' differs from the stack config's environmentSuffix 'staging': a stack that names its suffix keeps it " +
          "(another suffix renames, so replaces, every named resource); unset ENVIRONMENT_SUFFIX, or use it only for a stack whose config leaves environmentSuffix unset",
        "  to proceed: env -u ENVIRONMENT_SUFFIX npx nx run data:preview -- --stack=staging --diff",
      ].join("\n"),
    );
    expect(REFUSED_STATUS).toBe(3);
  });
});

describe("checkProtectedDestroy", () => {
  it("does not ask anything of an unprotected stack, another command or a confirmed destroy", () => {
    const { ask, asked } = asking();
    checkProtectedDestroy(context("data", { command: "destroy", stack: "dev" }, { ask }));
    checkProtectedDestroy(context("data", { command: "deploy", stack: "prod" }, { ask }));
    checkProtectedDestroy(context("data", { command: "destroy", stack: "prod", confirmed: true }, { ask }));
    expect(asked).toEqual([]);
  });

  it("refuses prod, listing what the layer and those it depends on hold", () => {
    const exported = (resources: string[]) => ({
      status: 0,
      stdout: JSON.stringify({ version: 3, deployment: { resources: resources.map((urn) => ({ urn })) } }),
    });
    const { ask, asked } = asking({
      "network stack export --stack prod --non-interactive": exported(["urn:pulumi:prod::fin-network::aws:ec2/vpc:Vpc::vpc"]),
      "security stack export --stack prod --non-interactive": { status: 255, stdout: "" },
      "data stack export --stack prod --non-interactive": exported(["urn:pulumi:prod::fin-data::aws:backup/vault:Vault::aurora-backups"]),
    });
    expect(refusal(() => checkProtectedDestroy(context("data", { command: "destroy", stack: "prod" }, { ask })))).toBe(
      [
        "refused: destroy of fin-data, stack prod (stacks/data)",
        "  why: prod is a protected stack (stack prod is always protected); destroying it loses:",
        "    stacks/data (fin-data/prod):",
        "      - aurora-backups  aws:backup/vault:Vault  (backup vault: deleted with every recovery point (forceDestroy))",
        "  and a full teardown (nx run-many -t destroy) destroys next the layers it depends on:",
        "    stacks/network (fin-network/prod):",
        "      (no stateful resources)",
        "    stacks/security (fin-security/prod):",
        "      (could not read its state: pulumi stack export exited 255)",
        "  to proceed: npx nx run data:destroy --stack=prod --confirm=prod",
        "  or, the whole environment: npx nx run-many -t destroy --stack=prod --confirm=prod",
      ].join("\n"),
    );
    expect(asked.map((a) => a.layer)).toEqual(["data", "network", "security"]);
  });

  it("lists the bottom layer alone when it depends on nothing", () => {
    expect(refusal(() => checkProtectedDestroy(context("security", { command: "destroy", stack: "prod" })))).toBe(
      [
        "refused: destroy of fin-security, stack prod (stacks/security)",
        "  why: prod is a protected stack (stack prod is always protected); destroying it loses:",
        "    stacks/security (fin-security/prod):",
        "      (no stateful resources)",
        "  to proceed: npx nx run security:destroy --stack=prod --confirm=prod",
      ].join("\n"),
    );
  });
});

describe("checkDependents", () => {
  const ls = (entries: object[]): RunResult => ({ status: 0, stdout: JSON.stringify(entries) });

  it("asks each dependent and lets the destroy go when none has resources", () => {
    const { ask, asked } = asking({ "compute stack ls --json --non-interactive": ls([{ name: "dev", resourceCount: 0 }, { name: "prod", resourceCount: 9 }]) });
    checkDependents(context("network", { command: "destroy", stack: "dev" }, { ask }));
    checkDependents(context("network", { command: "deploy", stack: "dev" }, { ask }));
    expect(asked).toEqual([
      { layer: "data", args: "stack ls --json --non-interactive" },
      { layer: "compute", args: "stack ls --json --non-interactive" },
    ]);
  });

  it("refuses while one is live or cannot be asked, with both ways on", () => {
    const { ask } = asking({
      "data stack ls --json --non-interactive": ls([{ name: "organization/fin-data/dev", resourceCount: 11 }]),
      "compute stack ls --json --non-interactive": { status: 255, stdout: "" },
    });
    const flags = [{ name: "message", value: "x" }];
    expect(refusal(() => checkDependents(context("network", { command: "destroy", stack: "dev", flags }, { ask })))).toBe(
      [
        "refused: destroy of fin-network, stack dev (stacks/network) while layers that depend on it still have resources",
        "  why: they use what fin-network holds, and AWS does not stop the destroy (a KMS key scheduled for deletion is unusable at once):",
        "    - stacks/data (fin-data/dev): 11 resources",
        "    - stacks/compute: could not tell, pulumi stack ls --json exited 255",
        "  to tear down in order instead: npx nx run network:destroy -- --stack=dev --message=x",
        "  to proceed with this layer alone: npx nx run network:destroy --exclude-task-dependencies -- --stack=dev --confirm=dev --message=x",
      ].join("\n"),
    );
  });

  it("only warns when confirmed", () => {
    const warnings: string[] = [];
    const { ask } = asking({ "compute stack ls --json --non-interactive": ls([{ name: "dev", resourceCount: 3 }]) });
    checkDependents(context("data", { command: "destroy", stack: "dev", confirmed: true }, { ask, warn: (l) => warnings.push(l) }));
    expect(warnings).toEqual(["warning: destroying stacks/data (stack dev) while a layer that depends on it is live: stacks/compute (fin-compute/dev): 3 resources"]);
  });
});

describe("checkProtectedDeploy", () => {
  const CLUSTER = "urn:pulumi:prod::fin-data::fin:data:AuroraCluster$aws:rds/cluster:Cluster::analytics-cluster";

  it("plans nothing for an unprotected stack, another command or a confirmed deploy", () => {
    const { ask, asked } = asking();
    expect(checkProtectedDeploy(context("data", { command: "deploy", stack: "dev" }, { ask }))).toBe(0);
    expect(checkProtectedDeploy(context("data", { command: "destroy", stack: "prod" }, { ask }))).toBe(0);
    expect(checkProtectedDeploy(context("data", { command: "deploy", stack: "prod", confirmed: true }, { ask }))).toBe(0);
    expect(asked).toEqual([]);
  });

  it("passes a plan without stateful losses and returns the status of a failed plan", () => {
    const target = [{ name: "target", value: CLUSTER }];
    const ok = asking({ [`data preview --json --stack prod --non-interactive --target ${CLUSTER}`]: { status: 0, stdout: '{"steps":[{"op":"update","urn":"' + CLUSTER + '"}]}' } });
    expect(checkProtectedDeploy(context("data", { command: "deploy", stack: "prod" }, { ask: ok.ask, flags: target }))).toBe(0);
    expect(ok.asked).toEqual([{ layer: "data", args: `preview --json --stack prod --non-interactive --target ${CLUSTER}` }]);
    const failed = asking({ "data preview --json --stack prod --non-interactive": { status: 255, stdout: "" } });
    expect(checkProtectedDeploy(context("data", { command: "deploy", stack: "prod" }, { ask: failed.ask }))).toBe(255);
  });

  it("refuses a plan that deletes a stateful resource", () => {
    const { ask } = asking({ "data preview --json --stack prod --non-interactive": { status: 0, stdout: JSON.stringify({ steps: [{ op: "delete", urn: CLUSTER }] }) } });
    expect(refusal(() => checkProtectedDeploy(context("data", { command: "deploy", stack: "prod" }, { ask })))).toBe(
      [
        "refused: deploy of fin-data, stack prod (stacks/data)",
        "  why: prod is a protected stack (stack prod is always protected) and the plan replaces or deletes stateful resources:",
        "    - delete: analytics-cluster  aws:rds/cluster:Cluster  (Aurora cluster: deleted without a final snapshot)",
        `      ${CLUSTER}`,
        "  to proceed: npx nx run data:deploy --stack=prod --confirm=prod",
      ].join("\n"),
    );
  });
});
