/**
 * A scenario's text as the page shows it: the line under its title (the first sentence of its description, so a
 * newcomer reads what the scenario is without opening "About & sources", which keeps the whole text), and its source
 * notes with the project's documents named in plain words.
 */

/** Longest lede, characters; a longer first sentence is cut at a word and ends with an ellipsis. */
export const LEDE_MAX = 240;

/**
 * Returns the first sentence of `description`: up to the first ".", "!" or "?" followed by a space and a capital
 * letter or an opening bracket or quote (so "5.323 t" and "e.g. the" do not end it), at most `max` characters.
 */
export function scenarioLede(description: string | undefined, max = LEDE_MAX): string {
  const text = (description ?? '').replace(/\s+/g, ' ').trim();
  const end = /[.!?](?=\s+[A-Z(“"‘'])/.exec(text);
  const first = end ? text.slice(0, end.index + 1) : text;
  if (first.length <= max) return first;
  const cut = first.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:\s]+$/, '')}…`;
}

/** Names of the project's documents, as a reader of the page would say them. */
const DOC_NAMES: Record<string, string> = {
  CALIBRATION: 'the calibration notes',
  MODEL: 'the model description',
  RESULTS: 'the description of the run files',
};

/**
 * Rewrites references to the project's documents in a source note in plain words: "Via CALIBRATION.md §2." becomes
 * "Via the calibration notes, section 2.", "CALIBRATION.md’s range" "the calibration notes’ range".
 */
export function plainNote(note: string): string {
  const name = (doc: string) => DOC_NAMES[doc.toUpperCase()] ?? `the ${doc.toLowerCase()} notes`;
  return note
    .replace(/\b([A-Z]+)\.md §(\d+(?:\.\d+)*)(?: and §(\d+(?:\.\d+)*))?/g, (_, doc: string, a: string, b?: string) =>
      b ? `${name(doc)}, sections ${a} and ${b}` : `${name(doc)}, section ${a}`,
    )
    .replace(/\b([A-Z]+)\.md’s\b/g, (_, doc: string) => `${name(doc)}’`)
    .replace(/\(([A-Z]+)\.md\)/g, (_, doc: string) => `(${name(doc)})`)
    .replace(/\b([A-Z]+)\.md\b/g, (_, doc: string) => name(doc));
}
