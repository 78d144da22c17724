/**
 * `npm run bench [-- --quick]`: performance of storydesk against plain MiniSearch
 * on the real corpus and synthetic ones of 10k and 100k passages, as Markdown.
 *
 * Needs `global.gc` for heap measurements: without it, the script runs itself
 * again under the same Node with `--expose-gc` (keeping tsx's loader flags).
 * Sections are independent: add one by implementing {@link Section} and listing it below.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasGc } from './measure.js';
import { botSection } from './bot.js';
import { rebuildSection } from './rebuild.js';
import { searchSection } from './search.js';
import { loadedSection } from './loaded.js';
import { startSection } from './start.js';
import type { BenchOptions, Section, SectionReport } from './section.js';
import { markdownTable, ms, passFail } from './table.js';

const SECTIONS: Section[] = [searchSection, rebuildSection, botSection, startSection, loadedSection];

const USAGE = `usage: npm run bench -- [--quick] [--corpus DIR] [--section NAME]

  --quick         skip the 100k-passage corpus (targets are then checked at 10k, except
                  the speedup over plain MiniSearch, which is set at 100k)
  --corpus DIR    the real corpus folder (default: corpus/ at the project root)
  --section NAME  run one section only (${SECTIONS.map((s) => s.name).join(', ')})`;

const CHILD_FLAG = 'STORYDESK_BENCH_CHILD';

interface Args {
  quick: boolean;
  corpusDir: string;
  sections: Section[];
  help: boolean;
}

function parseArgs(argv: string[]): Args {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const args: Args = { quick: false, corpusDir: join(root, 'corpus'), sections: SECTIONS, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') args.quick = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--corpus' && argv[i + 1]) args.corpusDir = resolve(argv[++i]!);
    else if (arg === '--section' && argv[i + 1]) {
      const name = argv[++i]!;
      const section = SECTIONS.find((s) => s.name === name);
      if (!section) throw new Error(`bench: no section "${name}"\n\n${USAGE}`);
      args.sections = [section];
    } else throw new Error(`bench: unknown argument "${arg}"\n\n${USAGE}`);
  }
  return args;
}

/** Runs this script again with --expose-gc; returns its exit code. */
function reexecWithGc(): number {
  const argv = [...process.execArgv, '--expose-gc', ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, argv, { stdio: 'inherit', env: { ...process.env, [CHILD_FLAG]: '1' } });
  if (child.error) throw child.error;
  return child.status ?? (child.signal ? 128 : 1);
}

function header(args: Args): string {
  const cpu = cpus();
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return [
    '# storydesk bench',
    '',
    `Node ${process.version} on ${process.platform}/${process.arch}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}; ` +
      `load average at start ${load}; ${new Date().toISOString()}${args.quick ? '; --quick' : ''}.`,
  ].join('\n');
}

function printSection(report: SectionReport): void {
  console.log(`\n## ${report.title}\n`);
  console.log(report.blocks.join('\n\n'));
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!hasGc()) {
    if (process.env[CHILD_FLAG]) throw new Error('bench: --expose-gc did not take effect; run `node --expose-gc --import tsx bench/run.ts`');
    return reexecWithGc();
  }
  const started = performance.now();
  const options: BenchOptions = {
    quick: args.quick,
    corpusDir: args.corpusDir,
    progress: (message) => process.stderr.write(`bench: ${message}\n`),
  };
  console.log(header(args));
  const reports: SectionReport[] = [];
  for (const section of args.sections) {
    const report = await section.run(options);
    reports.push(report);
    printSection(report);
  }
  const targets = reports.flatMap((r) => r.targets);
  if (targets.length > 0) {
    console.log('\n## Targets\n');
    console.log(
      markdownTable(
        [{ header: 'target', align: 'left' }, { header: 'measured', align: 'left' }, { header: 'result', align: 'left' }],
        targets.map((t) => [t.target, t.measured, passFail(t.pass)]),
      ),
    );
    const failed = targets.filter((t) => !t.pass).length;
    console.log(`\n${targets.length - failed} of ${targets.length} targets met.`);
  }
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`\nBench took ${ms((performance.now() - started) / 1000)} s; load average at end ${load}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
