// A test-support helper: a throwaway Pulumi project on disk for loader and synth tests.
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "./scratch";

/**
 * A throwaway project directory `proj` holding the given files, gone when the test file ends;
 * messages are shown relative to its parent.
 */
export function fixtureProject(files: Record<string, string>): { dir: string; root: string } {
  const root = scratchDir("cli-rules-");
  const dir = path.join(root, "proj");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, root };
}
