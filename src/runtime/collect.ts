/**
 * A full garbage collection on request, for the story's worker after a refresh: the
 * old story (hundreds of MB at 100k passages) is garbage once the new one answers,
 * but an idle worker allocates nothing, so V8 never collects it and the process
 * stays at its peak for as long as nobody asks (measured: 30 s and more).
 *
 * `gc` is only exposed with `--expose-gc`. Set at run time, the flag applies to
 * contexts made after it, so a new context hands the function over (the way Jest's
 * leak detector gets it).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Collects now; a pause of tens of milliseconds on a large heap. */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
