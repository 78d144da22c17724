// Loaded into the bot's process by the bench (`node --import bench/probe.mjs dist/src/main.js`):
// answers each `{ id, op }` over the IPC channel with the longest event-loop delay since the last
// `reset`, and the process's memory (RSS, worker threads included). Plain JavaScript, so it runs
// beside the compiled bot.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 2 });
delay.enable();
process.on('message', ({ id, op }) => {
  if (op === 'reset') delay.reset();
  process.send?.({ id, maxStallMs: delay.max / 1e6, rss: process.memoryUsage().rss });
});
process.channel?.unref();
// The bench gone (killed, or stopped without stopping the bot): the bot goes too, as a shutdown.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
