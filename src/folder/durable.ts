/**
 * Durable file changes: a reader sees either the old or the whole new file, even
 * across a crash, and a deletion or rename survives a power cut where the
 * platform allows it.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Not possible on every platform; best effort.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // e.g. Windows, where a folder cannot be opened
  }
}

/** Deletes a file (gone already is fine) and makes the deletion durable. */
export async function deleteFile(path: string): Promise<void> {
  await rm(path, { force: true });
  await syncDir(dirname(path));
}

export interface WriteOptions {
  /** Replace an existing file (default true). With false, an existing file is an `EEXIST` error. */
  overwrite?: boolean;
}

/**
 * Writes a file so that readers see either the old or the whole new content, even
 * across a crash: a dot-prefixed temp file in the same folder, fsync, rename (or
 * link, when not overwriting), fsync of the folder. The temp file never stays behind.
 * `content` may come in parts, written in order.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array | readonly Uint8Array[], options: WriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      // Parts one after another: each writeFile continues where the last one ended.
      for (const part of typeof content === 'string' || content instanceof Uint8Array ? [content] : content) await handle.writeFile(part);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite ?? true) {
      await rename(temp, path);
    } else {
      await moveNoClobber(temp, path);
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/**
 * Moves `from` to `to` without ever replacing an existing `to` (`EEXIST` then):
 * a hard link and an unlink; where hard links are not supported, a checked rename.
 */
export async function moveNoClobber(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    const exists = await stat(to).then(() => true, () => false);
    if (exists) throw Object.assign(new Error(`EEXIST: file already exists, rename '${from}' -> '${to}'`), { code: 'EEXIST' });
    await rename(from, to);
    return;
  }
  await unlink(from);
}
