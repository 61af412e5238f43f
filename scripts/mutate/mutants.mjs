// The small mutations `npm run mutate` applies to a Solidity source, one at a time: flip a comparison, drop a
// revert or a require-like check, an off-by-one in an epoch or a bound, swap && and ||, turn += into -=, drop an
// emitted event. Each mutant changes one line; comments, NatSpec and string literals are left alone.

/** Operators, each a function of a line that yields every mutated version of it. */
const OPERATORS = {
  // a < b -> a <= b, a <= b -> a < b, and the same for > and >=; == <-> !=
  comparison(line) {
    const out = [];
    const re = /(?<![<>=!])(<=|>=|==|!=|<|>)(?![<>=])/g;
    for (const m of line.matchAll(re)) {
      const swap = { "<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "==" }[m[1]];
      // `<`/`>` in a mapping type, an arrow or a shift are not comparisons
      if ((m[1] === "<" || m[1] === ">") && /mapping\s*\(/.test(line)) continue;
      out.push(line.slice(0, m.index) + swap + line.slice(m.index + m[1].length));
    }
    return out;
  },
  // if (cond) revert Error(...);  ->  (nothing): the check is gone
  dropRevert(line) {
    if (/^\s*if \(.*\) revert [A-Za-z_.]+\(.*\);\s*$/.test(line)) return [line.replace(/\S.*$/, "")];
    if (/^\s*revert [A-Za-z_.]+\(.*\);\s*$/.test(line)) return [line.replace(/\S.*$/, "")];
    return [];
  },
  // x + 1 -> x, x - 1 -> x: off by one in an epoch, a count or a bound
  offByOne(line) {
    const out = [];
    for (const m of line.matchAll(/ ([+-]) 1(?![0-9_])/g)) {
      out.push(line.slice(0, m.index) + line.slice(m.index + m[0].length));
    }
    return out;
  },
  // && <-> ||
  logic(line) {
    const out = [];
    for (const m of line.matchAll(/&&|\|\|/g)) {
      out.push(line.slice(0, m.index) + (m[0] === "&&" ? "||" : "&&") + line.slice(m.index + 2));
    }
    return out;
  },
  // a += b -> a -= b and back; ++x / --x swapped
  accumulate(line) {
    const out = [];
    for (const m of line.matchAll(/([+-])=/g)) {
      if (
        line[m.index - 1] === "=" ||
        line[m.index - 1] === "!" ||
        line[m.index - 1] === "<" ||
        line[m.index - 1] === ">"
      )
        continue;
      out.push(line.slice(0, m.index) + (m[1] === "+" ? "-" : "+") + line.slice(m.index + 1));
    }
    for (const m of line.matchAll(/(\+\+|--)(?=[A-Za-z_])/g)) {
      out.push(line.slice(0, m.index) + (m[1] === "++" ? "--" : "++") + line.slice(m.index + 2));
    }
    return out;
  },
  // emit Event(...); -> (nothing), when the whole statement is on the line
  dropEmit(line) {
    return /^\s*emit [A-Za-z_.]+\(.*\);\s*$/.test(line) ? [line.replace(/\S.*$/, "")] : [];
  },
};

/** Lines that hold code (not comments, NatSpec, imports, pragmas, strings). */
function codeLines(source) {
  const lines = source.split("\n");
  const code = [];
  let inBlockComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (inBlockComment) {
      if (trimmed.includes("*/")) inBlockComment = false;
      continue;
    }
    if (trimmed.startsWith("/*")) {
      if (!trimmed.includes("*/")) inBlockComment = true;
      continue;
    }
    if (!trimmed || trimmed.startsWith("//") || /^(import|pragma)\b/.test(trimmed)) continue;
    code.push(i);
  }
  return code;
}

/** The code part of a line: without a trailing `// comment`. */
function codeOf(line) {
  const comment = line.indexOf("//");
  return comment < 0 ? line : line.slice(0, comment);
}

/**
 * Every mutant of `source`: `{ line (1-based), operator, before, after, source }`, in line order. Comments and lines
 * with a string literal are left alone.
 */
export function mutantsOf(source) {
  const lines = source.split("\n");
  const mutants = [];
  for (const i of codeLines(source)) {
    const line = lines[i];
    if (line.includes('"')) continue; // a string literal: nothing to mutate there
    const code = codeOf(line);
    for (const [operator, mutate] of Object.entries(OPERATORS)) {
      for (const variant of mutate(code)) {
        // keep what followed the code part of the line (a trailing comment) untouched
        const after = variant + line.slice(code.length);
        if (after === line) continue;
        const copy = [...lines];
        copy[i] = after;
        mutants.push({ line: i + 1, operator, before: line.trim(), after: after.trim(), source: copy.join("\n") });
      }
    }
  }
  return mutants;
}
