/**
 * A search word marked in a text, as pieces the page renders as text (never as HTML): a
 * finding's words are whatever a researcher typed, `<script>` included, so the page shows
 * `{piece.text}` inside `<mark>` or not, and Svelte escapes it.
 */
export interface Piece {
  text: string;
  match: boolean;
}

/** The text cut where the word occurs (any case; Chinese has none): 农村专业合作社 / 合作社 → 农村专业, [合作社]. */
export function highlight(text: string, word: string): Piece[] {
  const needle = word.trim().toLocaleLowerCase();
  if (!needle) return text ? [{ text, match: false }] : [];
  const haystack = text.toLocaleLowerCase();
  const pieces: Piece[] = [];
  let from = 0;
  // Lower-casing keeps the length of Chinese and of ASCII, so indexes in `haystack` are indexes in `text`.
  const sameLength = haystack.length === text.length;
  for (let at = haystack.indexOf(needle); sameLength && at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    if (at > from) pieces.push({ text: text.slice(from, at), match: false });
    pieces.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < text.length) pieces.push({ text: text.slice(from), match: false });
  return pieces;
}
