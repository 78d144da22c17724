/**
 * The same quote carried by several articles (a spokesperson's statement, an
 * embedded tweet) is shown once, with every article that carries it.
 */

const SHINGLE = 5;
/** Share of the shorter passage's shingles found in the other: above this they are one quote. */
export const SAME_QUOTE = 0.5;

export function shingles(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}$%' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
  const set = new Set<string>();
  if (words.length < SHINGLE) {
    if (words.length > 0) set.add(words.join(' '));
    return set;
  }
  for (let i = 0; i + SHINGLE <= words.length; i++) set.add(words.slice(i, i + SHINGLE).join(' '));
  return set;
}

/** Share of the smaller set's shingles that the two have in common (0 to 1). */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const s of small) if (large.has(s)) shared++;
  return shared / small.size;
}
