import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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

/**
 * Takes `<db>.ingest-lock` for one ingest run and returns its release. Each
 * ingest hands out dictionary ids from memory, so two writers at once would
 * collide on them: a second ingest (say `ingest` while a dashboard follows the
 * same database) is refused with a clear message instead. A lock left by a
 * process that died (kill -9) is taken over.
 */
export function acquireIngestLock(dbPath: string): () => void {
  const lockPath = `${dbPath}.ingest-lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new UserError(`another activesync-doctor (pid ${owner}) is ingesting into ${dbPath}`, 1,
          'wait for it to finish, or use another --db; a dashboard following the same folders keeps it up to date anyway');
      }
      if (owner === process.pid) throw new UserError(`an ingest into ${dbPath} is already running in this process`, 1);
      rmSync(lockPath, { force: true }); // left by a process that is gone
    }
  }
  throw new UserError(`cannot take the ingest lock ${lockPath}`, 1);
}
