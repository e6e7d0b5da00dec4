// Reading the drift check's `pulumi preview --expect-no-changes --refresh --json`: which resources
// the code would change now, and which of their properties differ. Pure, so each CLI answer shape is
// tested (pulumi/pulumi pkg/display/json.go PreviewDigest.steps[], PreviewStep: op, urn, diffReasons,
// replaceReasons, detailedDiff).
import { parseUrn, resourceType } from "./urn";

/** Step ops that change nothing (pulumi/pulumi pkg/resource/deploy/step.go OpSame, OpRead, OpRefresh). */
export const UNCHANGED_OPS: readonly string[] = ["same", "read", "refresh"];

export interface DriftedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly op: string;
  /** The properties that differ between the code and AWS (diffReasons, replaceReasons, detailedDiff keys). */
  readonly properties: readonly string[];
}

export interface DriftReport {
  readonly layer: string;
  readonly stack: string;
  /** none: AWS matches the code; drift: it does not; failed: the preview could not tell. */
  readonly status: "none" | "drift" | "failed";
  readonly command: string;
  readonly exitStatus: number;
  readonly checkedAt: string;
  readonly resources: readonly DriftedResource[];
  readonly message?: string;
}

interface Step {
  op?: unknown;
  urn?: unknown;
  diffReasons?: unknown;
  replaceReasons?: unknown;
  detailedDiff?: unknown;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** The changed steps of a preview digest; undefined when stdout is not one. */
export function driftedResources(stdout: string): DriftedResource[] | undefined {
  let digest: unknown;
  try {
    digest = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (digest === null || typeof digest !== "object" || Array.isArray(digest)) return undefined;
  const steps = (digest as { steps?: unknown }).steps ?? [];
  if (!Array.isArray(steps)) return undefined;
  return (steps as Step[])
    .filter((s) => typeof s.op === "string" && !UNCHANGED_OPS.includes(s.op) && typeof s.urn === "string")
    .map((s) => {
      const urn = s.urn as string;
      const parsed = parseUrn(urn);
      const detailed = s.detailedDiff !== null && typeof s.detailedDiff === "object" ? Object.keys(s.detailedDiff as object) : [];
      return {
        urn,
        type: parsed === undefined ? "unknown" : resourceType(parsed),
        name: parsed === undefined ? urn : parsed.name,
        op: s.op as string,
        properties: [...new Set([...strings(s.diffReasons), ...strings(s.replaceReasons), ...detailed])].sort(),
      };
    });
}

/**
 * The drift report of one preview run. A non-zero exit with a digest listing changes is drift (that
 * is what --expect-no-changes exits for); a non-zero exit without one is a failed preview, whose
 * verdict is unknown, never "no drift".
 */
export function driftReport(layer: string, stack: string, command: string, status: number, stdout: string, checkedAt: string): DriftReport {
  const resources = driftedResources(stdout);
  const base = { layer, stack, command, exitStatus: status, checkedAt };
  if (resources !== undefined && resources.length > 0) {
    return { ...base, status: "drift", resources };
  }
  if (status === 0 && resources !== undefined) {
    return { ...base, status: "none", resources: [] };
  }
  return {
    ...base,
    status: "failed",
    resources: [],
    message:
      resources === undefined
        ? `pulumi preview exited ${status} without a JSON plan (see its output above): the drift of ${layer}/${stack} is unknown`
        : `pulumi preview exited ${status} although its plan changes nothing (see its output above): the drift of ${layer}/${stack} is unknown`,
  };
}
