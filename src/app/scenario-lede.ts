/**
 * The line under the scenario's title: the first sentence of its description, so a newcomer reads what the scenario is
 * without opening "About & sources" (which keeps the whole text).
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
