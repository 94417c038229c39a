import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/** Whether a process with this pid is running (EPERM: it is, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** The pid in a lock file; null when the file is gone (released meanwhile). */
function ownerOf(lockPath: string): number | null {
  try {
    return Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
  } catch (error) {
    if (code(error) === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Takes `<db>.ingest-lock` for one ingest run and returns its release. Each
 * ingest hands out dictionary ids from memory, so two writers at once would
 * collide on them: a second ingest (say `ingest` while a dashboard follows the
 * same database) is refused with a clear message instead. A lock left by a
 * process that died (kill -9) is taken over. The pid is written to a private
 * file first and linked into place, so a lock is never seen half-written.
 */
export function acquireIngestLock(dbPath: string): () => void {
  const lockPath = `${dbPath}.ingest-lock`;
  const mine = `${lockPath}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, lockPath);
        return () => rmSync(lockPath, { force: true });
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error;
      }
      const owner = ownerOf(lockPath);
      if (owner === null) continue; // released between our two calls: try again
      if (owner === process.pid) throw new UserError(`an ingest into ${dbPath} is already running in this process`, 1);
      if (Number.isInteger(owner) && isRunning(owner)) {
        throw new UserError(`another activesync-doctor (pid ${owner}) is ingesting into ${dbPath}`, 1,
          'wait for it to finish, or use another --db; a dashboard following the same folders keeps it up to date anyway');
      }
      rmSync(lockPath, { force: true }); // left by a process that is gone
    }
    throw new UserError(`cannot take the ingest lock ${lockPath}`, 1);
  } finally {
    rmSync(mine, { force: true });
  }
}
