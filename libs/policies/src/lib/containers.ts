import { fromJson, list } from "./values";

/** The parts of an ECS container definition the policies read. */
export interface ContainerDefinition {
  readonly name?: string;
  readonly user?: string;
  readonly readonlyRootFilesystem?: boolean;
  readonly privileged?: boolean;
  readonly logConfiguration?: { readonly logDriver?: string; readonly options?: Record<string, string> };
}

/** A task definition's `containerDefinitions` (a JSON string in inputs) as a list. */
export function containerDefinitions(value: unknown): ContainerDefinition[] {
  const parsed = fromJson(value);
  return Array.isArray(parsed) ? list(parsed as ContainerDefinition[]) : [];
}
