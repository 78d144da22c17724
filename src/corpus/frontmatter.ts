/**
 * Article metadata: a YAML front-matter block validated with zod, or, for a plain
 * file, a title taken from its first line or its file name.
 */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { ArticleError } from './errors.js';

type Yaml = typeof import('yaml');
let yaml: Yaml | undefined;

/**
 * The YAML parser, loaded on the first front matter parsed: a start from the index snapshot parses
 * none, and loading its 72 modules was 30 ms of a cold `storydesk ask` (about a tenth of it).
 */
function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yaml.parse(text);
}

const isoDate = z
  .union([z.string(), z.date()])
  .transform((value, ctx) => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim();
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    const date = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
    if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) {
      ctx.addIssue({ code: 'custom', message: `not a date (want YYYY-MM-DD): ${text}` });
      return z.NEVER;
    }
    return match[0];
  });

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/**
 * An article's metadata, declared once: the front-matter fields a corpus file may
 * carry, in the order they are written. Only what the source states; never invented.
 * Unknown keys are refused, so typos are caught.
 */
export const frontMatterSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty'),
  outlet: optionalText,
  author: optionalText,
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** ISO date `YYYY-MM-DD`. */
  published: isoDate.optional(),
});

/** An article's metadata (title, outlet, author, url, published): the schema's type. */
export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** The metadata fields, in the order a corpus file lists them. */
export const META_FIELDS = Object.keys(frontMatterSchema.shape) as (keyof FrontMatter)[];

/** The metadata fields of `from` that are set (not empty), and no other property. */
export function pickMeta(from: FrontMatter): FrontMatter;
export function pickMeta(from: Partial<FrontMatter>): Partial<FrontMatter>;
export function pickMeta(from: Partial<FrontMatter>): Partial<FrontMatter> {
  const meta: Partial<FrontMatter> = {};
  for (const field of META_FIELDS) {
    const value = from[field];
    if (value) meta[field] = value;
  }
  return meta;
}

export interface SplitFile {
  /** The raw YAML between the fences, or undefined when the file has none. */
  yaml: string | undefined;
  body: string;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
const OPENING = /^---[ \t]*\r?\n/;

/**
 * Separates a leading `---` fenced block from the body.
 * @throws {ArticleError} 'front-matter' when a block is opened and never closed: its YAML lines would otherwise become quotable text.
 */
export function splitFrontMatter(text: string): SplitFile {
  const withoutBom = text.replace(/^\uFEFF/, '');
  const match = FENCE.exec(withoutBom);
  if (!match && OPENING.test(withoutBom)) throw new ArticleError('front-matter', 'front matter: the file starts with `---` but has no closing `---` line');
  if (!match) return { yaml: undefined, body: withoutBom };
  return { yaml: match[1] ?? '', body: withoutBom.slice(match[0].length) };
}

/** Parses and validates a front-matter block; throws an {@link ArticleError} 'front-matter' saying what is wrong. */
export function parseFrontMatter(yaml: string): FrontMatter {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ArticleError('front-matter', `front matter is not valid YAML: ${reason}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ArticleError('front-matter', 'front matter must be a block of `key: value` lines');
  }
  const result = frontMatterSchema.safeParse(data);
  if (!result.success) {
    const reasons = result.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    throw new ArticleError('front-matter', `front matter: ${reasons.join('; ')}`);
  }
  return result.data;
}

const HEADLINE_MAX = 160;

/**
 * A title for a file without front matter: its first line when that reads as a
 * headline (short, no sentence-ending period), else the file name made readable.
 */
export function inferTitle(body: string, fileName: string): string {
  const firstLine = body.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';
  const heading = firstLine.replace(/^#{1,6}\s+/, '');
  const looksLikeHeadline =
    heading.length > 0 && heading.length <= HEADLINE_MAX && !/[.,;:]$/.test(heading) && heading.split(/\s+/).length >= 2;
  if (looksLikeHeadline) return heading;
  const stem = fileName.replace(/\.[^.]+$/, '').replace(/^\d+[-_]/, '');
  const words = stem.replace(/[-_]+/g, ' ').trim();
  return words === '' ? fileName : words.charAt(0).toUpperCase() + words.slice(1);
}
