import { childrenCpuMs, selfChildrenCpuMs } from "../src/cpu";
import { exec } from "../src/exec";

// A /proc/<pid>/stat line whose command name holds a space and a ")": fields 14-17 are utime 7,
// stime 3, cutime 1234 and cstime 66 ticks.
const STAT = "4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 7 3 1234 66 20 0 11 0 500 1000 200";

describe("childrenCpuMs", () => {
  it("adds cutime and cstime (fields 16 and 17), counted after the last parenthesis, at 100 ticks a second", () => {
    expect(childrenCpuMs(STAT)).toBe(13_000);
  });

  it("refuses a line that is not a stat line", () => {
    expect(() => childrenCpuMs("no command field here")).toThrow("not a /proc/<pid>/stat line: no command field here");
  });
});

describe("exec", () => {
  it("returns a command's status and output and times its wall clock and the CPU it used", () => {
    const before = selfChildrenCpuMs();
    const result = exec(process.execPath, ["-e", "const end = Date.now() + 300; while (Date.now() < end); console.log('done'); process.exit(3)"], {
      cwd: __dirname,
      env: process.env,
    });
    expect(result.status).toBe(3);
    expect(result.output).toBe("done\n");
    expect(result.wallMs).toBeGreaterThanOrEqual(300);
    // The busy loop is all CPU; ticks are 10 ms, and a loaded machine may stretch the wall clock.
    expect(result.cpuMs).toBeGreaterThanOrEqual(200);
    expect(selfChildrenCpuMs() - before).toBe(result.cpuMs);
  });

  it("says why a command could not start, with no status", () => {
    const result = exec("git", ["--version"], { cwd: "/nonexistent-bench-dir", env: process.env });
    expect(result.status).toBeNull();
    expect(result.output).toBe("spawnSync git ENOENT\n");
  });
});
