/** A task Nx ran, as `nx run <project>:<target>` in its static output. */
export interface RanTask {
  readonly project: string;
  readonly target: string;
  readonly cached: boolean;
}

// Nx's static output starts each task with "> nx run <project>:<target>[:<configuration>]", with
// "[local cache]" (or "[existing outputs match the cache, left as is]") after it when it was replayed.
const TASK_LINE = /^> nx run ([^:\s]+):([^:\s]+)(?::\S+)?(.*)$/;

export function ranTasks(output: string): RanTask[] {
  const tasks: RanTask[] = [];
  for (const line of output.replace(/\u001b\[[0-9;]*m/g, "").split("\n")) {
    const match = TASK_LINE.exec(line.trim());
    if (match) {
      tasks.push({ project: match[1], target: match[2], cached: /cache/.test(match[3]) });
    }
  }
  return tasks;
}

/** The projects whose lint, typecheck or test ran (the affected set; synth tasks are their dependencies), sorted. */
export function affectedProjects(tasks: readonly RanTask[], targets: readonly string[]): string[] {
  return [...new Set(tasks.filter((t) => targets.includes(t.target)).map((t) => t.project))].sort();
}

/** Of those tasks (lint, typecheck, test), the ones Nx replayed from its cache, as `<project>:<target>`, sorted. */
export function replayedTasks(tasks: readonly RanTask[], targets: readonly string[]): string[] {
  return tasks
    .filter((t) => targets.includes(t.target) && t.cached)
    .map((t) => `${t.project}:${t.target}`)
    .sort();
}
