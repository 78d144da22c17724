// Loaded into the bot's process by the bench (`node --import bench/probe.mjs dist/src/main.js`):
// answers over the IPC channel with the longest event-loop delay since the last reset, and the
// process's memory (RSS, worker threads included). Plain JavaScript, so it runs beside the compiled bot.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 2 });
delay.enable();
process.on('message', (message) => {
  if (message === 'reset') delay.reset();
  process.send?.({ maxStallMs: delay.max / 1e6, rss: process.memoryUsage().rss });
});
process.channel?.unref();
