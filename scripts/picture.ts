/**
 * npm run picture: the README's picture of real replies. Asks the story in
 * corpus/ a few questions, builds the reply payloads with the bot's own render
 * code (src/bot/render.ts), draws them as HTML the way Discord's dark theme
 * shows them, and screenshots that with headless Chromium into docs/replies.png.
 *
 *   npm run picture [-- --out docs/replies.png] [--html replies.html]
 *
 * Needs Chromium (`apt-get install -y chromium` on Debian), or CHROMIUM=/path/to/chrome;
 * without an emoji font (fonts-noto-color-emoji) 👍 / 👎 are drawn as boxes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { APIEmbed } from 'discord.js';
import { withFeedback } from '../src/bot/feedback.js';
import { abstainMessage, answerMessage, type ButtonRow } from '../src/bot/render.js';
import { buildStory } from '../src/folder/build.js';

interface Scene {
  /** Who used which command, shown above the reply as Discord does. */
  used: string;
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  /** Only the asker sees it. */
  ephemeral?: boolean;
}

const BUTTON_COLOURS: Record<number, string> = { 1: '#5865f2', 2: '#4e5058', 3: '#248046', 4: '#da373c', 5: '#4e5058' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Discord's inline markdown as the replies use it: escapes, **bold**, [links](url). */
function inline(text: string): string {
  const escaped: string[] = [];
  const held = text.replace(/\\([\\`*_{}[\]()#+\-.!|~>:<@])/g, (_m, c: string) => `\uE000${escaped.push(c) - 1}\uE000`);
  return escapeHtml(held)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>')
    .replace(/\uE000(\d+)\uE000/g, (_m, i: string) => escapeHtml(escaped[Number(i)]!));
}

/** Block markdown: `> ` lines as one quote, blank lines as paragraph breaks. */
export function markdown(text: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length) out.push(`<div class="quote">${quote.join('<br>')}</div>`);
    quote = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('> ') || line === '>') quote.push(inline(line.slice(2)));
    else {
      flush();
      out.push(line.trim() === '' ? '<div class="gap"></div>' : `<div>${inline(line)}</div>`);
    }
  }
  flush();
  return out.join('');
}

function embedHtml(embed: APIEmbed): string {
  const colour = `#${(embed.color ?? 0x202225).toString(16).padStart(6, '0')}`;
  const title = embed.title ? (embed.url ? `<a class="title" href="${escapeHtml(embed.url)}">${inline(embed.title)}</a>` : `<div class="title plain">${inline(embed.title)}</div>`) : '';
  const fields = (embed.fields ?? []).map((f) => `<div class="field"><div class="name">${inline(f.name)}</div><div>${markdown(f.value)}</div></div>`).join('');
  const footer = embed.footer?.text ? `<div class="footer">${escapeHtml(embed.footer.text)}</div>` : '';
  return `<div class="embed" style="border-left-color:${colour}">${title}<div class="description">${markdown(embed.description ?? '')}</div>${fields}${footer}</div>`;
}

function buttonsHtml(rows: ButtonRow[]): string {
  return rows
    .map((row) => {
      const buttons = row.components.map((b) => {
        const emoji = 'emoji' in b && b.emoji?.name ? `${b.emoji.name} ` : '';
        const label = emoji + ('label' in b ? (b.label ?? '') : '');
        const style = 'style' in b ? b.style : 2;
        const link = style === 5 ? ' <span class="ext">↗</span>' : '';
        const disabled = 'disabled' in b && b.disabled ? ' disabled' : '';
        return `<span class="button${disabled}" style="background:${BUTTON_COLOURS[style] ?? '#4e5058'}">${escapeHtml(label)}${link}</span>`;
      });
      return `<div class="row">${buttons.join('')}</div>`;
    })
    .join('');
}

function sceneHtml(scene: Scene): string {
  const ephemeral = scene.ephemeral ? '<div class="ephemeral">Only you can see this · <a>Dismiss message</a></div>' : '';
  return `<div class="message">
  <div class="used"><span class="hook">╭</span> <span class="avatar small">r</span> <b>reader</b> used <span class="command">${escapeHtml(scene.used)}</span></div>
  <div class="body"><div class="avatar">sd</div><div class="main">
    <div class="head"><span class="bot-name">storydesk</span><span class="app">APP</span><span class="time">Today at 11:30</span></div>
    ${scene.content ? `<div>${markdown(scene.content)}</div>` : ''}
    ${scene.embeds.map(embedHtml).join('')}
    ${buttonsHtml(scene.components)}
    ${ephemeral}
  </div></div>
</div>`;
}

/** The page: Discord's dark theme, one message per scene. */
export function pageHtml(scenes: Scene[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #313338; color: #dbdee1; font: 15px/1.375 "gg sans", "Noto Sans", "DejaVu Sans", sans-serif; width: 880px; }
  .page { padding: 8px 16px 16px 0; }
  .message { padding: 6px 0 10px; }
  .used { margin-left: 40px; font-size: 13px; color: #b5bac1; display: flex; align-items: center; gap: 4px; }
  .used b { color: #dbdee1; font-weight: 500; } .hook { color: #4e5058; font-size: 18px; line-height: 10px; }
  .command { color: #00a8fc; }
  .body { display: flex; gap: 16px; padding-left: 16px; margin-top: 2px; }
  .avatar { width: 40px; height: 40px; border-radius: 50%; background: #3b6ea5; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 700; font-size: 14px; flex: none; }
  .avatar.small { width: 16px; height: 16px; font-size: 9px; background: #5865f2; display: inline-flex; }
  .main { min-width: 0; flex: 1; }
  .head { display: flex; align-items: baseline; gap: 6px; }
  .bot-name { color: #f2f3f5; font-weight: 600; }
  .app { background: #5865f2; color: #fff; font-size: 10px; font-weight: 600; padding: 0 4px; border-radius: 3px; line-height: 15px; }
  .time { color: #949ba4; font-size: 12px; }
  .embed { background: #2b2d31; border-left: 4px solid; border-radius: 4px; padding: 8px 16px 16px 12px; margin-top: 4px; max-width: 520px; font-size: 14px; }
  .title { display: block; color: #00a8fc; font-weight: 600; font-size: 16px; margin-top: 8px; text-decoration: none; }
  .title.plain { color: #f2f3f5; }
  .description { margin-top: 8px; }
  .quote { border-left: 4px solid #4e5058; border-radius: 4px; padding: 0 8px 0 12px; margin: 2px 0; }
  .gap { height: 8px; }
  .field { margin-top: 8px; } .field .name { color: #f2f3f5; font-weight: 600; margin-bottom: 2px; }
  a { color: #00a8fc; text-decoration: none; }
  strong { color: #f2f3f5; font-weight: 700; }
  .footer { margin-top: 8px; color: #b5bac1; font-size: 12px; }
  .row { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
  .button { color: #fff; font-size: 14px; font-weight: 500; padding: 2px 16px; height: 32px; box-sizing: border-box; display: inline-flex; align-items: center; border-radius: 8px; }
  .button.disabled { opacity: 0.5; }
  .ext { margin-left: 6px; font-size: 13px; }
  .ephemeral { margin-top: 6px; font-size: 12px; color: #949ba4; }
</style></head><body><div class="page">${scenes.map(sceneHtml).join('')}</div>
<script>document.body.dataset.height = String(document.documentElement.scrollHeight);</script></body></html>`;
}

function findChromium(): string {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((c): c is string => Boolean(c));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error('picture: Chromium not found; install it (Debian: apt-get install -y chromium) or set CHROMIUM to its path');
  return found;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/replies.png' }, html: { type: 'string' }, corpus: { type: 'string', default: 'corpus' } } });
  const story = await buildStory(values.corpus);
  const ask = (question: string) => story.engine.ask(question, { top: 5 });

  const asker = '1300000000000000004';
  // As commands/ask.ts sends it: the answer's rows, then the 👍 / 👎 row (its id is the stored question's).
  const answered = (answer: ReturnType<typeof ask>): Omit<Scene, 'used'> => {
    const { embeds, components } = answerMessage(answer, { sessionId: 'picture', index: 0, onPrivate: false, askerId: asker });
    return { embeds, components: withFeedback(components, 'picture').map((row) => ('toJSON' in row ? row.toJSON() : row) as ButtonRow) };
  };
  const scenes: Scene[] = [];
  scenes.push({ used: '/ask', ...answered(ask('Who signed the memo?')) });
  const unsure = ask('who is melanie kruse');
  if (unsure.answer) scenes.push({ used: '/ask', ...answered(unsure) });
  const offTopic = ask('What is the weather in Paris tomorrow?');
  scenes.push({ used: '/ask', ephemeral: true, ...abstainMessage(offTopic, offTopic.suggestions?.length ? offTopic.suggestions : story.suggester.suggest('', 3)) });

  const html = pageHtml(scenes);
  const work = await mkdtemp(join(tmpdir(), 'storydesk-picture-'));
  try {
    const page = join(work, 'replies.html');
    await writeFile(page, html);
    if (values.html) await writeFile(values.html, html);
    const chromium = findChromium();
    const common = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${join(work, 'profile')}`];
    const dom = execFileSync(chromium, [...common, '--dump-dom', `file://${page}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 1400);
    const out = resolve(values.out);
    await mkdir(dirname(out), { recursive: true });
    execFileSync(chromium, [...common, '--force-device-scale-factor=1', `--window-size=880,${height}`, `--screenshot=${out}`, `file://${page}`], { stdio: ['ignore', 'ignore', 'ignore'] });
    if (!existsSync(out)) throw new Error(`picture: Chromium wrote no ${out}`);
    console.log(`picture: wrote ${values.out} (880×${height}) from ${scenes.length} replies`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
