/**
 * Spelling correction against the corpus vocabulary, so that a typo in a question
 * ("signd", "imigrant") is read as the word the articles use instead of counting
 * as a rare term that no passage matches.
 *
 * Candidates are found by walking a character trie of the vocabulary with a banded
 * Damerau–Levenshtein (optimal string alignment) matrix, pruned by search schemes (the
 * pigeonhole principle): the word is cut into parts, and if it is at most k edits from a
 * vocabulary word, some walk (over the trie of words, or of reversed words) that holds
 * the edits made by the end of each part to a small bound still reaches it. A few such
 * tight walks visit far fewer nodes than one walk allowed k edits from the first letter.
 *
 * MiniSearch's `SearchableMap.fuzzyGet` was measured first and is not used: at 100k
 * English words it takes ~0.6 ms at 2 edits, ~3.5 ms at 3 and ~10 ms at 4 (the
 * distance needed to catch a transposition, which plain Levenshtein counts as 2).
 */

/**
 * How many edits a word may be away from the vocabulary word it is corrected to,
 * by the length of the word typed: the first row whose `minLength` the word reaches.
 * Words of three letters or fewer are never corrected ("teh" could be many words).
 */
export const MAX_EDITS: readonly { minLength: number; maxEdits: number }[] = [
  { minLength: 10, maxEdits: 3 },
  { minLength: 6, maxEdits: 2 },
  { minLength: 4, maxEdits: 1 },
  { minLength: 0, maxEdits: 0 },
];

/** The number of edits {@link MAX_EDITS} allows for a word of `length` characters. */
export function maxEditsFor(length: number): number {
  return MAX_EDITS.find((row) => length >= row.minLength)?.maxEdits ?? 0;
}

const LETTERS = /^\p{L}+$/u;

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form: insertions,
 * deletions, substitutions and transpositions of two adjacent characters each cost 1,
 * and no substring is edited twice. Counts UTF-16 code units.
 *
 * @example
 * editDistance('signd', 'signed'); // 1 (insert "e")
 * editDistance('sigend', 'signed'); // 1 (swap "e" and "n")
 * editDistance('ca', 'abc'); // 3 (optimal string alignment, not 2)
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const n = b.length;
  if (a.length === 0) return n;
  if (n === 0) return a.length;
  // Three rolling rows: the one before last (for transpositions), the last, and the current.
  let before = new Uint32Array(n + 1);
  let last = new Uint32Array(n + 1);
  let row = new Uint32Array(n + 1);
  for (let j = 0; j <= n; j++) last[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(last[j]! + 1, row[j - 1]! + 1, last[j - 1]! + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
    }
    [before, last, row] = [last, row, before];
  }
  return last[n]!;
}

/**
 * A character trie in one flat array, four slots a node: its character, first child,
 * next sibling and the vocabulary index of the word ending there (or -1). Node 0 is
 * the root. Words are inserted in sorted order, so nodes near each other in the walk
 * are near each other in memory.
 */
class Trie {
  readonly nodes: Int32Array;
  private size = 1;

  constructor(capacity: number) {
    this.nodes = new Int32Array(capacity * 4).fill(-1);
  }

  insert(text: string, id: number): void {
    const nodes = this.nodes;
    let node = 0;
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      let child = nodes[node * 4 + 1]!;
      while (child !== -1 && nodes[child * 4] !== c) child = nodes[child * 4 + 2]!;
      if (child === -1) {
        child = this.size++;
        nodes[child * 4] = c;
        nodes[child * 4 + 2] = nodes[node * 4 + 1]!;
        nodes[node * 4 + 1] = child;
      }
      node = child;
    }
    nodes[node * 4 + 3] = id;
  }
}

function reverse(text: string): string {
  let out = '';
  for (let p = text.length - 1; p >= 0; p--) out += text[p];
  return out;
}

/**
 * Search schemes, by the number of edits allowed: the query is cut into equal parts,
 * and each walk holds the edits made by the end of each part (in its own direction) to
 * a bound. Every way of spreading up to k edits over the parts passes at least one walk
 * (checked in the tests), so together they find every word within k edits.
 */
const SCHEMES: Record<number, readonly { reversed: boolean; bounds: readonly number[] }[]> = {
  1: [
    { reversed: false, bounds: [0, 1] },
    { reversed: true, bounds: [0, 1] },
  ],
  2: [
    { reversed: false, bounds: [0, 2, 2] },
    { reversed: false, bounds: [1, 1, 2] },
    { reversed: true, bounds: [0, 1, 2] },
  ],
  3: [
    { reversed: false, bounds: [0, 3, 3] },
    { reversed: false, bounds: [1, 2, 3] },
    { reversed: true, bounds: [0, 2, 3] },
    { reversed: true, bounds: [1, 1, 3] },
  ],
};

/** The search schemes for k edits, exported for the tests. */
export function searchSchemes(k: number): readonly { reversed: boolean; bounds: readonly number[] }[] {
  return SCHEMES[k] ?? [];
}

/**
 * Walks the trie below `node` (reached at row `i - 1`, its character in `path[i - 1]`),
 * filling row `i` of the banded matrix and reporting words within `k` edits.
 */
function visit(
  trie: Trie,
  query: Uint16Array,
  k: number,
  limits: Uint8Array,
  matrix: Uint8Array,
  path: Uint16Array,
  found: (id: number, distance: number) => void,
  node: number,
  i: number,
): void {
  const n = query.length;
  const width = n + 1;
  const inf = k + 1;
  const row = i * width;
  const up = row - width;
  const up2 = up - width;
  const c = path[i - 1]!;
  const before = i > 1 ? path[i - 2]! : -1;
  const lo = i > k ? i - k : 1;
  const hi = i + k < n ? i + k : n;
  let rowMin = lo === 1 ? (i < inf ? i : inf) : inf;
  matrix[row + lo - 1] = rowMin;
  for (let j = lo; j <= hi; j++) {
    let d = matrix[up + j - 1]! + (c === query[j - 1] ? 0 : 1);
    const del = matrix[up + j]! + 1;
    if (del < d) d = del;
    const ins = matrix[row + j - 1]! + 1;
    if (ins < d) d = ins;
    if (j > 1 && c === query[j - 2] && before === query[j - 1]) {
      const swap = matrix[up2 + j - 2]! + 1;
      if (swap < d) d = swap;
    }
    if (d > inf) d = inf;
    matrix[row + j] = d;
    if (d < rowMin) rowMin = d;
  }
  if (hi < n) matrix[row + hi + 1] = inf;
  if (rowMin > limits[i]!) return;
  const nodes = trie.nodes;
  const id = nodes[node * 4 + 3]!;
  if (id !== -1 && matrix[row + n]! <= k) found(id, matrix[row + n]!);
  if (i > n + k) return;
  for (let child = nodes[node * 4 + 1]!; child !== -1; child = nodes[child * 4 + 2]!) {
    path[i] = nodes[child * 4]!;
    visit(trie, query, k, limits, matrix, path, found, child, i + 1);
  }
}

/**
 * The edit bound at each row of one walk. A bound on the edits made by the end of a
 * part holds for every row up to the part's end less the bound (one row less walking
 * backwards, where a transposition across the boundary falls on the far side).
 */
function rowLimits(n: number, k: number, bounds: readonly number[], reversed: boolean, rows: number): Uint8Array {
  const limits = new Uint8Array(rows).fill(k);
  const parts = bounds.length;
  let end = 0;
  for (let p = 0; p < parts; p++) {
    const part = reversed ? parts - 1 - p : p;
    end += Math.floor((n * (part + 1)) / parts) - Math.floor((n * part) / parts);
    const last = end - bounds[p]! - (reversed ? 1 : 0);
    for (let i = 0; i <= last && i < rows; i++) if (bounds[p]! < limits[i]!) limits[i] = bounds[p]!;
  }
  return limits;
}

/**
 * Corrects words to the nearest word of a vocabulary.
 *
 * @example
 * const speller = new SpellingCorrector([['signed', 12], ['immigrant', 30]]);
 * speller.correct('signd'); // 'signed'
 * speller.correct('imigrant'); // 'immigrant'
 * speller.correct('signed'); // 'signed' (known words are kept)
 * speller.correct('zzzzzz'); // undefined
 */
export class SpellingCorrector {
  private readonly counts = new Map<string, number>();
  /** Letters-only vocabulary words, the only ones a typo is corrected to, with their counts. */
  private readonly words: string[] = [];
  private readonly wordCounts: number[] = [];
  private readonly forward: Trie;
  private readonly backward: Trie;

  /**
   * @param vocabulary each word with how often it occurs (a word listed twice has its counts added).
   * Words are compared exactly as given, so give them in the form `correct` will be asked
   * about (the analyser's lowercase words, for instance).
   */
  constructor(vocabulary: Iterable<readonly [word: string, count: number]>) {
    for (const [word, count] of vocabulary) this.counts.set(word, (this.counts.get(word) ?? 0) + count);
    let chars = 1;
    for (const word of this.counts.keys()) {
      if (!LETTERS.test(word)) continue;
      this.words.push(word);
      chars += word.length;
    }
    this.words.sort();
    for (const word of this.words) this.wordCounts.push(this.counts.get(word)!);
    this.forward = new Trie(chars);
    this.words.forEach((word, id) => this.forward.insert(word, id));
    const reversed = this.words.map((word, id) => [reverse(word), id] as const);
    reversed.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    this.backward = new Trie(chars);
    for (const [word, id] of reversed) this.backward.insert(word, id);
  }

  /** The number of distinct words in the vocabulary. */
  get size(): number {
    return this.counts.size;
  }

  /**
   * The word itself if the vocabulary has it; otherwise the nearest letters-only
   * vocabulary word within {@link maxEditsFor} the word's length, by
   * {@link editDistance}; otherwise `undefined`. Words holding anything but letters
   * (digits, "90bn", "i-9") are never corrected.
   *
   * Among equally near words, one with the same first letter wins, then the more
   * frequent, then the first in alphabetical (code unit) order.
   */
  correct(word: string): string | undefined {
    if (this.counts.has(word)) return word;
    const maxEdits = maxEditsFor(word.length);
    if (maxEdits === 0 || !LETTERS.test(word)) return undefined;
    const n = word.length;
    let best = -1;
    let bestDistance = maxEdits + 1;
    let bestSameFirst = false;
    const first = word.charCodeAt(0);
    const found = (id: number, distance: number): void => {
      if (distance > bestDistance || id === best) return;
      const candidate = this.words[id]!;
      const sameFirst = candidate.charCodeAt(0) === first;
      if (distance === bestDistance) {
        if (sameFirst !== bestSameFirst) {
          if (!sameFirst) return;
        } else {
          const count = this.wordCounts[id]!;
          const bestCount = this.wordCounts[best]!;
          if (count < bestCount || (count === bestCount && candidate > this.words[best]!)) return;
        }
      }
      best = id;
      bestDistance = distance;
      bestSameFirst = sameFirst;
    };
    const rows = n + maxEdits + 2;
    const matrix = new Uint8Array(rows * (n + 1));
    const path = new Uint16Array(rows);
    for (const { reversed, bounds } of searchSchemes(maxEdits)) {
      const trie = reversed ? this.backward : this.forward;
      const query = new Uint16Array(n);
      for (let j = 0; j < n; j++) query[j] = word.charCodeAt(reversed ? n - 1 - j : j);
      matrix.fill(maxEdits + 1);
      for (let j = 0; j <= n; j++) matrix[j] = Math.min(j, maxEdits + 1);
      const limits = rowLimits(n, maxEdits, bounds, reversed, rows);
      const nodes = trie.nodes;
      for (let child = nodes[1]!; child !== -1; child = nodes[child * 4 + 2]!) {
        path[0] = nodes[child * 4]!;
        visit(trie, query, maxEdits, limits, matrix, path, found, child, 1);
      }
    }
    return best === -1 ? undefined : this.words[best];
  }
}
