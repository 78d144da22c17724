/** A progress bar on stderr for building a large index, shown only on a terminal. */
import type { BuildProgress } from '../search/index.js';

const LARGE = 20_000;
const WIDTH = 30;

export function progressBar(stream: NodeJS.WriteStream = process.stderr): ((p: BuildProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return ({ done, total }) => {
    if (total < LARGE) return;
    const filled = Math.round((done / total) * WIDTH);
    stream.write(`\rindexing [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${done}/${total} passages`);
    if (done === total) stream.write('\n');
  };
}
