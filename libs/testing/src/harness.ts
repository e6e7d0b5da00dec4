import type * as Pulumi from "@pulumi/pulumi";
import { AWS_INVOKES, InvokeMock, computedState } from "./aws-fixtures";

// Pulumi's runtime, loaded when a harness function first runs rather than when @fin/testing is imported:
// the suites that use only its project, config and git helpers (the stacks' cli-loads tests, this
// library's own) skip about 1.1 s of CPU each (ADR 0018, "Imports that stay pure"). The program under
// test requires the same module instance: Node and Jest cache it per test file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = (): typeof Pulumi.runtime => (require("@pulumi/pulumi") as typeof Pulumi).runtime;

/** One resource the program declared, with the options a policy or a test cares about. */
export interface RecordedResource {
  /** "read" for StackReferences, as `pulumi preview` reports them. */
  readonly op: "create" | "read";
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly inputs: Record<string, any>;
  readonly state: Record<string, any>;
  readonly id: string;
  /** Parent URN; empty for the stack itself. */
  readonly parent: string;
  /** Provider reference (`<urn>::<id>`); empty for components and default providers. */
  readonly provider: string;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly dependsOn: readonly string[];
}

/** Upstream outputs keyed by fully qualified StackReference name (`org/project/stack`). */
export type StackOutputsByReference = Record<string, Record<string, unknown>>;

export interface MockOptions {
  readonly project: string;
  readonly stack: string;
  /** Fully qualified config (`project:key`, `aws:region`), as `pulumi config` would set it. */
  readonly config?: Record<string, string>;
  readonly stackOutputs?: StackOutputsByReference;
  /** Extra or overriding invokes; any invoke missing from both tables fails with its token. */
  readonly invokes?: Record<string, InvokeMock>;
}

/** The parts of Pulumi's internal Register/ReadResourceRequest the harness reads. */
interface MonitorRequest {
  getParent(): string;
  getProvider(): string;
  getDependenciesList(): string[];
  getProtect?(): boolean;
  getRetainondelete?(): boolean;
}
type MonitorMethod = (req: MonitorRequest, cb: (...args: unknown[]) => void) => void;
interface MockMonitorLike {
  registerResource: MonitorMethod;
  readResource: MonitorMethod;
  newUrn(parent: string, type: string, name: string): string;
}

/** Records every resource a program declares under Pulumi's mock runtime. */
export class MockHarness {
  readonly resources: RecordedResource[] = [];

  /** Every recorded resource of one type token, in registration order (a resource registers once its inputs resolve). */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The single resource of a type (optionally with a given logical name); throws otherwise. */
  one(type: string, name?: string): RecordedResource {
    const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(`Expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length} among [${names.join(", ")}]`);
    }
    return found[0];
  }

  /** Custom resources only (what AWS would create), without the stack and component wrappers. */
  awsResources(): RecordedResource[] {
    return this.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));
  }
}

/**
 * Installs Pulumi's mock runtime (`preview: false`, so every Output resolves) and returns a harness
 * recording what is declared. Call before importing the program under test.
 */
export async function setupMocks(options: MockOptions): Promise<MockHarness> {
  const harness = new MockHarness();
  type Declared = Pick<RecordedResource, "type" | "name" | "custom" | "inputs" | "id" | "state">;
  const last: { declared?: Declared } = {};

  await runtime().setMocks(
    createMocks(options, (declared) => {
      last.declared = declared;
    }),
    options.project,
    options.stack,
    false,
  );
  runtime().setAllConfig(options.config ?? {}, []);

  // The mock runtime gives newResource no parent or options: read them off the monitor request.
  // Both methods call newResource synchronously, before their first await, so `last` is fresh.
  const monitor = runtime().getMonitor() as unknown as MockMonitorLike;
  for (const method of ["registerResource", "readResource"] as const) {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req, cb) => {
      last.declared = undefined;
      original(req, cb);
      // A cast, because TypeScript cannot see that original() set it.
      const declared = last.declared as Declared | undefined;
      if (declared) {
        harness.resources.push({
          ...declared,
          op: method === "readResource" ? "read" : "create",
          urn: monitor.newUrn(req.getParent(), declared.type, declared.name),
          parent: req.getParent(),
          provider: req.getProvider(),
          protect: req.getProtect?.() ?? false,
          retainOnDelete: req.getRetainondelete?.() ?? false,
          dependsOn: req.getDependenciesList(),
        });
      }
    };
  }
  return harness;
}

/**
 * The mocks handed to Pulumi: computed state per resource type, upstream outputs for
 * StackReferences, and strict invokes. `onDeclare` sees every resource as it is declared.
 */
export function createMocks(
  options: Pick<MockOptions, "stackOutputs" | "invokes">,
  onDeclare: (declared: Pick<RecordedResource, "type" | "name" | "custom" | "inputs" | "id" | "state">) => void,
): Pulumi.runtime.Mocks {
  const invokes = { ...AWS_INVOKES, ...options.invokes };
  return {
    newResource({ type, name, inputs, custom }) {
      const result =
        type === "pulumi:pulumi:StackReference" ? stackReferenceState(String(inputs["name"]), options.stackOutputs ?? {}) : computedState(type, name, inputs);
      onDeclare({ type, name, custom: custom ?? true, inputs, ...result });
      return result;
    },
    call({ token, inputs }) {
      const mock = invokes[token];
      if (!mock) {
        throw new Error(`Mock not implemented: ${token}`);
      }
      return mock(inputs);
    },
  };
}

function stackReferenceState(refName: string, stackOutputs: StackOutputsByReference) {
  const outputs = stackOutputs[refName];
  if (!outputs) {
    throw new Error(`StackReference ${refName} has no outputs: synth (or deploy) that layer's stack first`);
  }
  return { id: refName, state: { name: refName, outputs, secretOutputNames: [] } };
}

/**
 * Runs a program the way the Pulumi engine does: inside a root Stack resource, returning its
 * outputs. A program that throws (bad config) rejects with its own error; catching it inside the
 * stack keeps Pulumi's internal promises from surfacing it again as unhandled rejections.
 */
export async function runProgram(program: () => unknown): Promise<Record<string, unknown>> {
  const failure: { error?: unknown } = {};
  const outputs = await runtime().runInPulumiStack(async () => {
    try {
      return await program();
    } catch (error) {
      failure.error = error;
      return {};
    }
  });
  // Registrations whose inputs wait on other outputs finish after the program returns.
  await (runtime() as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  if (failure.error !== undefined) {
    throw failure.error;
  }
  return (outputs ?? {}) as Record<string, unknown>;
}
