// A value from particle data as an error message shows it: its JSON, cut short. Data may nest deeper than
// JSON.stringify can follow (it recurses), and a message has no need of megabytes.
const LONGEST = 120;

export function excerpt(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return "(a value nested too deep to show)";
  }
  if (text === undefined) return String(value);
  return text.length > LONGEST ? `${text.slice(0, LONGEST)}...` : text;
}
