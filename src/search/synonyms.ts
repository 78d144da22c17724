/**
 * A few news-English equivalences, applied to questions only (at a lower weight
 * than the word the user typed): "memo" finds "memorandum", "quit" finds "resign".
 */
import { stemmer } from 'stemmer';

const GROUPS: string[][] = [
  ['memo', 'memorandum', 'mou'],
  ['lawyer', 'attorney', 'counsel'],
  ['resign', 'quit', 'departure', 'resignation'],
  ['agreement', 'deal', 'pact', 'arrangement', 'accord'],
  ['immigrant', 'migrant', 'alien'],
  ['deport', 'deportation', 'removal', 'remove'],
  ['staff', 'workforce', 'employee', 'worker'],
  ['cut', 'reduction', 'reduce', 'slash'],
  ['sue', 'lawsuit', 'litigation'],
  ['judge', 'court'],
  ['boss', 'head', 'chief', 'commissioner', 'leader'],
  ['fire', 'oust', 'dismiss', 'replace', 'demote'],
  ['money', 'dollar', 'billion', 'million'],
  ['privacy', 'confidentiality', 'confidential'],
  ['information', 'data', 'record'],
  ['block', 'injunction', 'halt', 'stop'],
  ['start', 'begin', 'initiate', 'launch'],
  ['critic', 'criticize', 'criticism', 'oppose', 'opponent'],
  ['sign', 'signatory'],
];

// Porter gives "sue" and "sued" different stems; key each group by its words' common inflections too.
function inflections(word: string): string[] {
  const bare = word.replace(/e$/, '');
  return [word, `${word}s`, `${word}es`, `${bare}ed`, `${bare}ing`, word.replace(/y$/, 'ies'), word.replace(/y$/, 'ied')];
}

const byStem = new Map<string, string[]>();
for (const group of GROUPS) {
  const stems = [...new Set(group.flatMap((word) => inflections(word).map((w) => stemmer(w))))];
  for (const stem of stems) byStem.set(stem, [...new Set([...(byStem.get(stem) ?? []), ...stems.filter((s) => s !== stem)])]);
}

/** Other stems that mean about the same as `stem` in news text. */
export function synonymsOf(stem: string): readonly string[] {
  return byStem.get(stem) ?? [];
}
