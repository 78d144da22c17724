/**
 * The public question sets as tasks: a corpus and the questions asked of it.
 * Used by `npm run eval` and `npm run train`, so both read the data the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticle } from '../corpus/article.js';
import { loadCorpus } from '../folder/read.js';
import type { Corpus } from '../corpus/types.js';
import { parseQuestionSet, type EvalQuestion } from './score.js';

export interface Task {
  /** The article's or set's name. */
  label: string;
  corpus: Corpus;
  questions: EvalQuestion[];
}

export type SquadVersion = 'v1.1' | 'v2.0';

/** The story question sets, asked of the corpus folder. */
export async function storyTask(file: string, corpusDir: string): Promise<Task> {
  const { corpus } = await loadCorpus(corpusDir);
  return { label: file, corpus, questions: parseQuestionSet(readFileSync(file, 'utf8'), file) };
}

function squadCorpus(dir: string, files: readonly string[]): Corpus {
  const corpus: Corpus = { dir, articles: [], passages: [] };
  for (const file of files) {
    const { article, passages } = parseArticle(file, readFileSync(join(dir, file)));
    corpus.articles.push(article);
    corpus.passages.push(...passages);
  }
  return corpus;
}

/** Every SQuAD article's name, sorted. */
export function squadArticles(data: string, version: SquadVersion): string[] {
  return readdirSync(join(data, 'squad', 'corpus', version))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Whether an article is in the half that weights are fitted on. By a hash of its
 * name, so an article in both SQuAD versions is on the same side of the split.
 */
export function isTrainingArticle(name: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return ((h >>> 0) & 1) === 0;
}

function squadQuestions(data: string, version: SquadVersion): Map<string, EvalQuestion[]> {
  const file = join(data, 'squad', 'questions', `${version}.jsonl`);
  const byArticle = new Map<string, EvalQuestion[]>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const q = JSON.parse(line) as EvalQuestion & { article: string };
    const list = byArticle.get(q.article) ?? [];
    // SQuAD's unanswerable questions are written about the article: on topic, not off it.
    list.push({ id: q.id, q: q.q, any: q.any, kind: q.kind === 'none' ? 'hard-none' : undefined });
    byArticle.set(q.article, list);
  }
  return byArticle;
}

/** One task per SQuAD article, each article alone as a corpus (the way storydesk is used). */
export function squadPerArticle(data: string, version: SquadVersion, keep: (article: string) => boolean = () => true): Task[] {
  const questions = squadQuestions(data, version);
  const dir = join(data, 'squad', 'corpus', version);
  return squadArticles(data, version)
    .filter(keep)
    .map((name) => ({ label: name, corpus: squadCorpus(dir, [`${name}.txt`]), questions: questions.get(name) ?? [] }));
}

/** All of a version's articles in one corpus, every question asked of it. */
export function squadAllInOne(data: string, version: SquadVersion, keep: (article: string) => boolean = () => true): Task {
  const questions = squadQuestions(data, version);
  const dir = join(data, 'squad', 'corpus', version);
  const names = squadArticles(data, version).filter(keep);
  return { label: `${version} all in one`, corpus: squadCorpus(dir, names.map((n) => `${n}.txt`)), questions: names.flatMap((n) => questions.get(n) ?? []) };
}
