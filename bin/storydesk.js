#!/usr/bin/env node
/**
 * storydesk's command line: `storydesk ask …`, `storydesk start`, `storydesk deploy …`, `storydesk stats …`.
 * Runs the compiled code in `dist/`, building it first when it is missing or
 * stale. Nothing but the command's own output goes to standard output.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ensureBuilt } from './build.js';
import { MALLOC_TUNING } from './malloc.js';

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `entry` in a child with {@link MALLOC_TUNING} (read by glibc only when a process starts),
 * passes it our signals, and exits as it does.
 */
function runTuned(entry, args) {
  // The channel is how the bot knows this process is gone, even killed with SIGKILL: it then stops too (see main.ts).
  const child = spawn(process.execPath, [...process.execArgv, entry, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...MALLOC_TUNING } });
  // A terminal's Ctrl-C reaches both processes; the bot stops once however many times it is told.
  const forward = (signal) => child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

const ENTRIES = { ask: 'src/cli.js', start: 'src/main.js', deploy: 'src/deploy.js', stats: 'src/stats.js' };
const USAGE = `usage: storydesk <command> [options]

  ask [--json] [--top N] "question" …   answer questions from the corpus (no Discord needed)
  start                                 run the bot
  deploy [--guild [ID] | --global] [--clear]
                                        register the slash commands with Discord
  stats [--days N] [--json]             what members asked through Discord (for moderators)

storydesk ask --help shows the options of ask.`;

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
  console.log(USAGE);
} else if (!Object.hasOwn(ENTRIES, command)) {
  console.error(`storydesk: unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
} else if (!ensureBuilt()) {
  process.exitCode = 1;
} else {
  const entry = join(DIST, ENTRIES[command]);
  if (command === 'start' && process.platform === 'linux' && process.env.MALLOC_MMAP_THRESHOLD_ === undefined) {
    runTuned(entry, rest);
  } else {
    // The entry reads its own arguments from process.argv, as when run directly.
    process.argv = [process.argv[0], entry, ...rest];
    await import(pathToFileURL(entry).href);
  }
}
