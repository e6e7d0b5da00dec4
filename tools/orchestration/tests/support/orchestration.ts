// What the orchestration suites (orchestration*.test.ts) share: the Pulumi command lines the stand-in
// records, URNs as a user types them, and checks over a sandbox's log. The suites are split in files
// only so that Jest runs them side by side (jest.config.js); each file has its own sandbox.
import { Sandbox, urn } from "./sandbox";

export const ORDER = ["security", "network", "data", "compute"];
export const POLICY = "--policy-pack ../../libs/policies";
export const up = (stack: string, flags = "") => `up --yes --stack ${stack} --non-interactive ${POLICY}${flags}`;
export const output = (stack: string) => `stack output --json --stack ${stack} --non-interactive`;
export const destroy = (stack: string, flags = "") => `destroy --yes --stack ${stack} --non-interactive${flags}`;
export const STACK_LS = "stack ls --json --non-interactive";
export const exportOf = (stack: string) => `stack export --stack ${stack} --non-interactive`;
export const planOf = (stack: string, flags = "") => `preview --json --stack ${stack} --non-interactive${flags}`;

/**
 * A URN as a user types it inside single quotes after `--`: each `$` as `\$`, since Nx hands the
 * value to a shell in double quotes (see "a URN whose $ a shell expanded").
 */
export const typed = (text: string) => text.replace(/\$/g, "\\$");

export const CLUSTER = (stack: string) => urn(stack, "data", "fin:data:AuroraCluster$aws:rds/cluster:Cluster", "analytics-cluster");
export const SERVICE = (stack: string) => urn(stack, "compute", "fin:compute:FargateService$aws:ecs/service:Service", "analytics");

/** Fails unless every call ended before the next one started: no two layers ran at once. */
export function expectOneAtATime(ws: Sandbox): void {
  const events = ws.events().map((e) => `${e.event} ${e.layer} ${e.args}`);
  const pairs = events.flatMap((e, i) => (i % 2 === 0 ? [[e, events[i + 1]]] : []));
  expect(pairs.every(([start, end]) => start.startsWith("start ") && end === start.replace(/^start /, "end "))).toBe(true);
}

/** The command a refusal prints after `label`, e.g. "to proceed:". */
export function printed(outputText: string, label: string): string {
  const line = outputText.split("\n").find((l) => l.trim().startsWith(label));
  if (line === undefined) throw new Error(`no "${label}" line in:\n${outputText}`);
  return line.trim().slice(label.length).trim();
}

/**
 * One sandbox for a test file whose tests each start from a reset one: made before the file's first
 * test, reset before each, disposed after the last. `set` receives it (the file's `ws`).
 */
export function sandboxPerFile(set: (ws: Sandbox) => void): void {
  let ws: Sandbox;
  beforeAll(() => set((ws = new Sandbox())));
  afterAll(() => ws.dispose());
  beforeEach(() => ws.reset());
}
