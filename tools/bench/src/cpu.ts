import * as fs from "node:fs";

// /proc/<pid>/stat reports times in USER_HZ clock ticks, which is 100 on Linux whatever the kernel's
// HZ (proc(5), "/proc/pid/stat": utime ... "measured in clock ticks (divide by sysconf(_SC_CLK_TCK))").
const TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds (user + system) of the waited-for children of the process whose stat line this is:
 * fields 16 and 17, cutime and cstime (proc(5)). The command name (field 2) may hold spaces and
 * parentheses, so fields are counted after its last ")".
 */
export function childrenCpuMs(statLine: string): number {
  const close = statLine.lastIndexOf(")");
  if (close < 0) {
    throw new Error(`not a /proc/<pid>/stat line: ${statLine.slice(0, 80)}`);
  }
  // After ")" the first field is field 3 (state), so field n is at index n - 3.
  const fields = statLine.slice(close + 1).trim().split(/\s+/);
  const cutime = Number(fields[16 - 3]);
  const cstime = Number(fields[17 - 3]);
  return ((cutime + cstime) * 1000) / TICKS_PER_SECOND;
}

/** This process's children's CPU so far, from /proc/self/stat (Linux; CI and the dev machines are Linux). */
export const selfChildrenCpuMs = (): number => childrenCpuMs(fs.readFileSync("/proc/self/stat", "utf8"));
