/**
 * A story's worker thread: opens or builds the story, then answers requests from
 * it, so the index and its 100k passages never sit in the bot's thread. Started
 * by `story-worker.ts`: compiled, directly; from source, through `worker-boot.mjs`.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Catalog, diffArticles, summarizing, type ArticleSummary } from '../corpus/catalog.js';
import { refreshing, type Story } from '../folder/build.js';
import { openOrBuild, saveSnapshot } from '../folder/open.js';
import { encodingSnapshot } from '../folder/snapshot.js';
import type { BuildProgress } from '../search/index.js';
import { allSteps, type Steps } from '../text/steps.js';
import { readCorpusFiles } from '../folder/read.js';
import { DuplicateIndex } from '../ingest/duplicates.js';
import { collectWhenQuiet } from './collect.js';
import { lowerPriority } from './priority.js';
import type { Args, Op, Reply, Request, WorkerMessage, WorkerStart } from './protocol.js';

if (!parentPort) throw new Error('story: worker.ts runs only as a worker thread');
const port: MessagePort = parentPort;
const start = workerData as WorkerStart;
const send = (message: WorkerMessage) => port.postMessage(message);

/** When the last request came in (performance.now()): a collection waits for a lull. */
let lastRequestAt = -Infinity;

/** A built story not saved yet: only the bot's thread knows when earlier saves are done. */
let unsaved: Story | undefined;

/** How long a worker works on a refresh or a snapshot before it answers the questions waiting. */
const SLICE_MS = 2;

/** Runs `steps` in slices of about {@link SLICE_MS}, answering requests between them. */
async function inSlices<T>(steps: Steps<T>, onProgress?: (progress: BuildProgress) => void): Promise<T> {
  for (;;) {
    const until = performance.now() + SLICE_MS;
    do {
      const step = steps.next();
      if (step.done) return step.value;
      if (step.value) onProgress?.(step.value);
    } while (performance.now() < until);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function save(): Promise<string | undefined> {
  const story = unsaved;
  if (!story) return undefined;
  unsaved = undefined;
  const parts = await inSlices(encodingSnapshot(story));
  const notes: string[] = [];
  await saveSnapshot(start.dir, parts, { snapshotDir: start.snapshotDir, onSnapshotNote: (note) => notes.push(note) });
  // The story it replaced and the encoded parts are garbage now (see the refresh handler).
  collectWhenQuiet(() => lastRequestAt);
  return notes[0];
}

/** What the bot's thread holds of a story: its catalog, questions and what it was built from. */
function described(story: Story, catalog: Catalog) {
  return {
    catalog: { lines: catalog.lines, size: catalog.size, passages: catalog.passages },
    questions: [...story.suggester.questions],
    problems: story.problems,
    fingerprint: story.fingerprint,
  };
}

type Handlers = { [K in Op]: (args: Args<K>) => Reply<K> | Promise<Reply<K>> };

/** A story's catalog, and the summaries it is made of (to tell what the next refresh changed). */
function* cataloguing(story: Story): Steps<{ catalog: Catalog; articles: ArticleSummary[] }> {
  const articles = yield* summarizing(story.engine);
  return { catalog: yield* Catalog.making(articles), articles };
}

/** The folder's story beside `live` (see `refreshing`), with its catalog; undefined when the folder is unchanged. */
function* refreshingWithCatalog(live: Story) {
  const next = yield* refreshing(start.dir, live);
  return next && { next, ...(yield* cataloguing(next)) };
}

function handlersFor(opened: Story, openedArticles: ArticleSummary[]): Handlers {
  // The story that answers; a refresh replaces it once the new one is whole.
  let story = opened;
  let articles = openedArticles;
  // The duplicate check's index, built on the first check in slices (seconds at 100k passages) for the story
  // answering then; the last one built lends a rebuild the keys of the articles a refresh left as they were.
  let duplicates: { story: Story; index: Promise<DuplicateIndex> } | undefined;
  let lastDuplicates: DuplicateIndex | undefined;
  const duplicatesOf = (current: Story) => {
    if (duplicates?.story !== current) {
      const index = inSlices(DuplicateIndex.building(current.engine.articles, lastDuplicates)).then((built) => (lastDuplicates = built));
      duplicates = { story: current, index };
      // A build that failed is tried again on the next check.
      index.catch(() => {
        if (duplicates?.index === index) duplicates = undefined;
      });
    }
    return duplicates.index;
  };
  return {
    ask: ({ question, options }) => story.engine.ask(question, options),
    askInEnglish: ({ question, options }) => (story.engine.language(question).english ? story.engine.ask(question, options) : null),
    passages: ({ articleId }) => story.engine.passagesOf(articleId),
    duplicate: async ({ candidate }) => {
      const found = (await duplicatesOf(story)).find(candidate);
      return found && { id: found.article.id, reason: found.reason };
    },
    refresh: async () => {
      const built = await inSlices(refreshingWithCatalog(story), (progress) => send({ type: 'progress', ...progress }));
      if (!built) return { unchanged: true };
      const { next, catalog } = built;
      const changes = diffArticles(articles, built.articles);
      story = next;
      articles = built.articles;
      // It names the old story: kept, it would keep all of it alive (a check under way still finishes).
      duplicates = undefined;
      if (start.snapshot) unsaved = next;
      // Give the old story's memory back in the next lull of questions (see collect.ts): one pause of
      // ~0.1 s at 100k passages, against the process staying at its peak until something else collects.
      // With snapshots on, the save the bot's thread asks for next makes garbage of its own: it collects after.
      if (!start.snapshot) collectWhenQuiet(() => lastRequestAt);
      return { ...described(next, catalog), changes, unsaved: start.snapshot };
    },
    save,
  };
}

function serve(handlers: Handlers): void {
  const handle = <K extends Op>(op: K, args: Args<K>) => handlers[op](args);
  port.on('message', (request: Request) => {
    lastRequestAt = performance.now();
    Promise.resolve()
      .then(() => handle(request.op, request))
      .then(
        (value) => send({ type: 'reply', id: request.id, value }),
        (error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          send({ type: 'refused', id: request.id, name: e.name, message: e.message, stack: e.stack });
        },
      );
  });
}

// Opening (a build, at worst) at a lower priority lets the bot's thread win the CPU on a small machine while it logs in.
const restorePriority = lowerPriority(10);
try {
  const read = readCorpusFiles(start.dir);
  const onProgress = (progress: { done: number; total: number }) => send({ type: 'progress', ...progress });
  const opened = openOrBuild(start.dir, {
    snapshot: start.snapshot,
    snapshotDir: start.snapshotDir,
    strict: start.strict,
    build: start.mode === 'build',
    read,
    encode: false,
    onProgress,
    onSnapshotNote: (message) => send({ type: 'note', message }),
  });
  const { story } = opened;
  // Opening at startup saves what it built at once; a build's snapshot waits for the bot's thread to ask.
  if (opened.from === 'build' && start.snapshot) unsaved = story;
  if (start.mode === 'open') await save().then((note) => note && send({ type: 'note', message: note }));
  // What the first questions would otherwise work out (the suggestion bank, the story's own words).
  allSteps(story.engine.warming());
  const { catalog, articles } = allSteps(cataloguing(story));
  restorePriority();
  serve(handlersFor(story, articles));
  send({ type: 'ready', ...described(story, catalog), from: opened.from, unsaved: unsaved !== undefined });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  send({ type: 'failed', name: e.name, message: e.message, stack: e.stack });
}
