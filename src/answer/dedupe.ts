/**
 * The same quote carried by several articles (a spokesperson's statement, an
 * embedded tweet) is shown once, with every article that carries it.
 */

const SHINGLE = 5;
/** Share of the shorter passage's shingles found in the other: above this they are one quote. */
export const SAME_QUOTE = 0.5;

/** FNV-1a over a word's UTF-16 units: 32 bits, no allocation. */
function wordHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The text's 5-word shingles, each hashed to a number: comparing quotes runs for
 * 40 candidate passages a question, and joining five words into a string for
 * every shingle was a fifth of the answer time at 100k passages. A collision
 * (about one in 4 billion pairs) can only nudge an overlap share.
 */
export function shingles(text: string): Set<number> {
  const words = text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}$%' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map(wordHash);
  const set = new Set<number>();
  const width = Math.min(SHINGLE, words.length);
  for (let i = 0; i + width <= words.length && width > 0; i++) {
    let h = 0;
    for (let k = 0; k < width; k++) h = (Math.imul(h, 0x9e3779b1) + words[i + k]!) >>> 0;
    set.add(h);
  }
  return set;
}

/** Share of the smaller set's shingles that the two have in common (0 to 1). */
export function overlap<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / small.size;
}
