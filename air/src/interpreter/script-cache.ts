// Scripts parsed, with the chains on their spines (resume.ts): made once per script text and kept for the runs that
// follow, at most 256 scripts and 4 MiB of their text (a script's text and tree take about 19 bytes a character:
// some 80 MB when full). A script over 512 KiB is parsed at every run, and never resumes (a checkpoint holds for
// one tree).
import { parse } from "../parser/parser.ts";
import { TextCache } from "../text-cache.ts";
import type { Script } from "./context.ts";
import { spineChains } from "./resume.ts";

const scripts = new TextCache<Script>({ entries: 256, chars: 4 << 20, entryChars: 512 << 10 });

/** The script parsed; throws AirParseError when it is not valid AIR. */
export function parseScript(text: string): Script {
  let script = scripts.get(text);
  if (!script) {
    const root = parse(text);
    script = { root, spine: spineChains(root) };
    scripts.set(text, script);
  }
  return script;
}

/** What the cache holds (for tests). */
export const scriptCacheStats = () => scripts.stats();
