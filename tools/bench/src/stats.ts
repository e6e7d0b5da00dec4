/** One figure measured over several runs: every run's value and their median. */
export interface Figure {
  readonly median: number;
  readonly runs: readonly number[];
}

/** The median of the values (the mean of the middle two for an even count); throws on none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new Error("median of no values");
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds as seconds, rounded to 0.1 s (finer is noise on a shared machine). */
export const seconds = (ms: number): number => Math.round(ms / 100) / 10;

export function figure(runsMs: readonly number[]): Figure {
  const runs = runsMs.map(seconds);
  return { median: seconds(median(runsMs)), runs };
}
