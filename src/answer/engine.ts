/**
 * The answer engine: question in, verbatim passages with their sources and the
 * one sentence that answers it out, or an honest "the articles don't say".
 */
import { TimeSlicer, yieldToLoop } from '../async/slices.js';
import { isTweetAttribution } from '../corpus/passages.js';
import type { Article, Corpus, Passage } from '../corpus/types.js';
import { learnAcronyms } from '../search/acronyms.js';
import { createAnalyzer, type Acronym } from '../search/analyze.js';
import { PassageIndex, type BuildProgress, type IndexHit, type IndexParts, type TermGroup } from '../search/index.js';
import { splitSentences } from '../text/sentences.js';
import { overlap, SAME_QUOTE, shingles } from './dedupe.js';
import { typeFit } from './features.js';
import { analyzeQuestion, type AnalyzedQuestion, type QuestionType } from './question.js';
import type { Answer, RankedPassage, Source } from './types.js';

export interface AskOptions {
  /** How many passages to return (default 3). */
  top?: number;
}

/** Below this share of the question (weighted by rarity) found in the best passage, we abstain. */
export const MIN_COVERAGE = 0.5;
const CANDIDATES = 40;
const SENTENCE_POOL = 3;
/** How much a sentence or passage of the asked-for shape (a name for "who") counts, by question type. */
const FIT_WEIGHT: Record<QuestionType, number> = {
  who: 0.6, quantity: 0.6, when: 0.6, where: 0.3, why: 0.35, definition: 0.3, yesno: 0, other: 0,
};

interface Candidate {
  hit: IndexHit;
  coverage: number;
  score: number;
  parts: { bm25: number; coverage: number; proximity: number; fit: number; heading: number };
  /** Terms of the passage and its heading, for sentence choice. */
  terms: Set<string>;
  sources: Article[];
}

/** Why a passage ranked where it did: for tuning and `ask --explain`. */
export interface Explained {
  passageId: string;
  score: number;
  parts: Candidate['parts'];
  matched: string[];
}

function sourceOf(article: Article): Source {
  const source: Source = { id: article.id, title: article.title };
  if (article.outlet) source.outlet = article.outlet;
  if (article.author) source.author = article.author;
  if (article.url) source.url = article.url;
  if (article.published) source.published = article.published;
  return source;
}

export class StoryEngine {
  private readonly articlesById: Map<string, Article>;
  private readonly passagesByArticle = new Map<string, Passage[]>();

  private constructor(
    readonly corpus: Corpus,
    readonly index: PassageIndex,
  ) {
    this.articlesById = new Map(corpus.articles.map((a) => [a.id, a]));
    // An article's passages come one after another: take each run in one slice rather than 100k pushes.
    const { passages } = corpus;
    for (let start = 0, i = 1; start < passages.length; i++) {
      if (i < passages.length && passages[i]!.articleId === passages[start]!.articleId) continue;
      const run = passages.slice(start, i);
      const list = this.passagesByArticle.get(passages[start]!.articleId);
      if (list) list.push(...run);
      else this.passagesByArticle.set(passages[start]!.articleId, run);
      start = i;
    }
  }

  /** Indexes a corpus. Yields to the event loop while it works; `onProgress` sees each chunk. */
  static async create(corpus: Corpus, onProgress?: (progress: BuildProgress) => void): Promise<StoryEngine> {
    // Learn acronyms a slice of articles at a time (first definition wins, as in one call), yielding between slices.
    const acronyms = new Map<string, Acronym>();
    const slicer = new TimeSlicer();
    for (const article of corpus.articles) {
      for (const acronym of learnAcronyms([article.body])) if (!acronyms.has(acronym.term)) acronyms.set(acronym.term, acronym);
      await slicer.maybePause();
    }
    const analyzer = createAnalyzer([...acronyms.values()]);
    const index = await PassageIndex.build(corpus.passages, analyzer, onProgress);
    return new StoryEngine(corpus, index);
  }

  /** An engine from a built index's parts (a snapshot): no text is analysed again. */
  static async restore(corpus: Corpus, acronyms: readonly Acronym[], parts: IndexParts): Promise<StoryEngine> {
    const index = await PassageIndex.fromParts(corpus.passages, createAnalyzer([...acronyms]), parts);
    // Building the engine's lookups takes a few milliseconds at 100k: not in the same turn as the index's.
    await yieldToLoop();
    return new StoryEngine(corpus, index);
  }

  /** The acronyms learned from the corpus, in the order they were learned. */
  get acronyms(): Acronym[] {
    return [...this.index.analyzer.acronyms.values()];
  }

  get articles(): readonly Article[] {
    return this.corpus.articles;
  }

  article(id: string): Article | undefined {
    return this.articlesById.get(id);
  }

  /** The passages of one article, in order (none for an unknown id). */
  passagesOf(articleId: string): readonly Passage[] {
    return this.passagesByArticle.get(articleId) ?? [];
  }

  /** Answers one question. Never throws for any question string. */
  ask(question: string, options: AskOptions = {}): Answer {
    const top = Number.isFinite(options.top) ? Math.max(1, Math.floor(options.top!)) : 3;
    const q = analyzeQuestion(question, this.index.analyzer);
    if (q.groups.length === 0) return this.abstain(question, q);
    const candidates = this.rank(q);
    const best = candidates[0];
    if (!best || best.coverage < MIN_COVERAGE) return this.abstain(question, q);
    // A question about a name the articles never mention (not even misspelt) is not about this story.
    const matched = new Set(best.hit.matched);
    if (q.nameTerms.some((term) => this.index.df(term) === 0 && !matched.has(term))) return this.abstain(question, q);
    const kept = this.mergeSameQuotes(candidates.filter((c) => c.coverage >= MIN_COVERAGE / 2));
    const { sentence, poolIndex } = this.bestSentence(q, kept.slice(0, SENTENCE_POOL));
    if (poolIndex > 0) kept.unshift(...kept.splice(poolIndex, 1));
    return {
      question,
      answer: sentence,
      passages: kept.slice(0, top).map((c) => this.toRanked(c)),
    };
  }

  /** The ranked candidates with their score parts, before merging and sentence choice. */
  explain(question: string, limit = 5): { type: string; groups: TermGroup[]; candidates: Explained[] } {
    const q = analyzeQuestion(question, this.index.analyzer);
    const candidates = this.rank(q).slice(0, limit).map((c) => ({
      passageId: c.hit.passage.id,
      score: c.score,
      parts: c.parts,
      matched: c.hit.matched,
    }));
    return { type: q.type, groups: q.groups, candidates };
  }

  private abstain(question: string, q: AnalyzedQuestion): Answer {
    const titles = this.corpus.articles.slice(0, 3).map((a) => a.title);
    const hint =
      q.groups.length === 0
        ? `Ask a question about the story, for example about: ${titles.join('; ')}.`
        : `The articles cover: ${titles.join('; ')}${this.corpus.articles.length > 3 ? `; and ${this.corpus.articles.length - 3} more` : ''}.`;
    return { question, answer: null, passages: [], hint };
  }

  private groupWeight(group: TermGroup): number {
    return this.index.idf(group.term);
  }

  /** Share of the question's weight that `matched` covers; synonyms count for a little less. */
  private coverage(groups: readonly TermGroup[], matched: ReadonlySet<string>): number {
    let total = 0;
    let found = 0;
    for (const group of groups) {
      const weight = this.groupWeight(group);
      total += weight;
      if (matched.has(group.term)) found += weight;
      else {
        const alt = group.alternatives.find((a) => matched.has(a.term));
        if (alt) found += weight * alt.weight;
      }
    }
    return total === 0 ? 0 : found / total;
  }

  /** Smallest token window holding every matched group, scored 1 for adjacent terms, toward 0 as they spread. */
  private proximity(groups: readonly TermGroup[], terms: readonly string[]): number {
    const groupOf = new Map<string, number>();
    groups.forEach((g, i) => {
      groupOf.set(g.term, i);
      for (const alt of g.alternatives) if (!groupOf.has(alt.term)) groupOf.set(alt.term, i);
    });
    const hits: { pos: number; group: number }[] = [];
    terms.forEach((term, pos) => {
      const group = groupOf.get(term);
      if (group !== undefined) hits.push({ pos, group });
    });
    const distinct = new Set(hits.map((h) => h.group)).size;
    if (distinct < 2) return 0;
    const counts = new Map<number, number>();
    let covered = 0;
    let best = Infinity;
    for (let right = 0, left = 0; right < hits.length; right++) {
      const g = hits[right]!.group;
      counts.set(g, (counts.get(g) ?? 0) + 1);
      if (counts.get(g) === 1) covered++;
      while (covered === distinct) {
        best = Math.min(best, hits[right]!.pos - hits[left]!.pos + 1);
        const lg = hits[left]!.group;
        counts.set(lg, counts.get(lg)! - 1);
        if (counts.get(lg) === 0) covered--;
        left++;
      }
    }
    return distinct / best;
  }

  private rank(q: AnalyzedQuestion): Candidate[] {
    const hits = this.index.find(q.groups, CANDIDATES);
    if (hits.length === 0) return [];
    const maxScore = hits[0]!.score;
    const candidates = hits.map((hit): Candidate => {
      const matched = new Set(hit.matched);
      const coverage = this.coverage(q.groups, matched);
      const proximity = this.proximity(q.groups, hit.terms);
      const fit = typeFit(q.type, hit.passage.text, q.words);
      const headingTerms = this.index.headingTerms(hit.passage);
      const heading = headingTerms.length > 0 ? this.coverage(q.groups, new Set(headingTerms)) : 0;
      const score = (0.5 * hit.score) / maxScore + coverage + 0.25 * proximity + 0.5 * FIT_WEIGHT[q.type] * fit + 0.3 * heading;
      const parts = { bm25: hit.score / maxScore, coverage, proximity, fit, heading };
      const terms = new Set([...headingTerms, ...hit.terms]);
      return { hit, coverage, score, parts, terms, sources: [this.articlesById.get(hit.passage.articleId)!] };
    });
    return candidates.sort((a, b) => b.score - a.score);
  }

  // Shingles of recently ranked passages: the same passages come back question after question.
  private readonly shingleCache = new Map<string, Set<number>>();

  private shinglesOf(passage: Passage): Set<number> {
    let own = this.shingleCache.get(passage.id);
    if (!own) {
      own = shingles(passage.text);
      if (this.shingleCache.size >= 2000) this.shingleCache.clear();
      this.shingleCache.set(passage.id, own);
    }
    return own;
  }

  private mergeSameQuotes(candidates: Candidate[]): Candidate[] {
    const kept: { candidate: Candidate; shingles: Set<number> }[] = [];
    for (const candidate of candidates) {
      const own = this.shinglesOf(candidate.hit.passage);
      const same = kept.find((k) => overlap(k.shingles, own) >= SAME_QUOTE);
      if (same) {
        for (const article of candidate.sources) {
          if (!same.candidate.sources.includes(article)) same.candidate.sources.push(article);
        }
      } else kept.push({ candidate, shingles: own });
    }
    return kept.map((k) => k.candidate);
  }

  /** The sentence that best answers the question among the top passages, and which passage holds it. */
  private bestSentence(q: AnalyzedQuestion, pool: Candidate[]): { sentence: string; poolIndex: number } {
    const topScore = pool[0]?.score ?? 1;
    let best = { sentence: pool[0]?.hit.passage.text ?? '', poolIndex: 0, score: -Infinity };
    pool.forEach((candidate, poolIndex) => {
      const heading = candidate.hit.passage.heading;
      // A passage right under a question heading (an FAQ) answers that question in its first sentence.
      const asked = heading?.endsWith('?') ? this.index.headingTerms(candidate.hit.passage) : [];
      const passage = candidate.hit.passage;
      // A tweet is one quote: who posted it counts for each of its sentences.
      const postedBy = passage.kind === 'tweet' ? ['tweet', ...this.index.analyzer.terms(passage.text.split('\n').at(-1) ?? '')] : [];
      // The passage around a sentence sets its topic ("It is signed by …"), so its terms count for half.
      const inContext = this.coverage(q.groups, candidate.terms);
      splitSentences(passage.text).forEach((span, i) => {
        if (isTweetAttribution(span.text)) return; // who posted a tweet, not what it says
        const terms = this.index.analyzer.terms(span.text);
        const own = new Set([...terms, ...postedBy, ...(i === 0 ? asked : [])]);
        const inSentence = this.coverage(q.groups, own);
        let score = inSentence + 0.5 * Math.max(0, inContext - inSentence);
        score += FIT_WEIGHT[q.type] * typeFit(q.type, span.text, q.words);
        score += 0.3 * (candidate.score / topScore);
        if (span.text.endsWith('?')) score -= 0.5;
        if (span.text.length < 30) score -= 0.2;
        if (score > best.score) best = { sentence: span.text, poolIndex, score };
      });
    });
    return { sentence: best.sentence, poolIndex: best.poolIndex };
  }

  private toRanked(candidate: Candidate): RankedPassage {
    const passage: Passage = candidate.hit.passage;
    const sources = candidate.sources.map(sourceOf);
    return {
      text: passage.text,
      source: sources[0]!,
      sources,
      score: Math.round(candidate.score * 1000) / 1000,
      passageId: passage.id,
      paragraph: passage.paragraph,
      start: passage.start,
      end: passage.end,
      kind: passage.kind,
    };
  }
}
