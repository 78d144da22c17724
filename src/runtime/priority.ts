/**
 * Thread priority on Linux, where a nice value belongs to a thread and 0 names the calling one.
 * A thread may always lower its priority, but raise it back only with CAP_SYS_NICE or an
 * RLIMIT_NICE that allows it (setpriority(2)): a worker that lowered itself to build, running as
 * an ordinary user, would answer at that lower priority for as long as it lives.
 */
import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

const CAP_SYS_NICE = 23n;

/**
 * Whether a thread with this `/proc/self/status` and `/proc/self/limits` may go back to nice 0
 * after raising its nice value: it has CAP_SYS_NICE, or its soft RLIMIT_NICE is at least 20
 * (the limit r allows nice values down to 20 − r).
 */
export function mayRestorePriority(status: string, limits: string): boolean {
  const capabilities = /^CapEff:\s*([0-9a-f]+)\s*$/m.exec(status)?.[1];
  if (capabilities !== undefined && (BigInt(`0x${capabilities}`) >> CAP_SYS_NICE) & 1n) return true;
  const soft = /^Max nice priority\s+(\S+)/m.exec(limits)?.[1];
  return soft === 'unlimited' || (soft !== undefined && Number(soft) >= 20);
}

/**
 * Lowers this thread's priority to nice `value` when it can come back afterwards, only on Linux
 * (elsewhere the call would change the whole process).
 * @returns what brings the priority back: nothing to do when it was left as it was.
 */
export function lowerPriority(value: number): () => void {
  if (process.platform !== 'linux' || !canRestore()) return () => {};
  const before = getPriority();
  try {
    setPriority(value);
  } catch {
    return () => {};
  }
  return () => {
    try {
      setPriority(before);
    } catch {
      // it said it could; if not, the thread keeps the lower priority rather than failing
    }
  };
}

function canRestore(): boolean {
  try {
    return mayRestorePriority(readFileSync('/proc/self/status', 'utf8'), readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return false;
  }
}
