import type { Db } from './open-database.js';

/** A file's row in `files`: its identity and how far it has been ingested. */
export interface FileRecord {
  id: number;
  path: string;
  size: number;
  fingerprint: string;
  fingerprintBytes: number;
  offset: number;
  lineNo: number;
  fields: string | null;
  logDate: string | null;
}

export interface FileRegistry {
  find(path: string): FileRecord | undefined;
  /** Another tracked file with this full-length fingerprint: the same log under another name (a copy, its .gz). */
  findSameContent(path: string, fingerprint: string, fingerprintBytes: number): string | undefined;
  /** Registers a new file, or starts a replaced one (same path, new content) again from its first byte. */
  start(path: string, fingerprint: string, fingerprintBytes: number): FileRecord;
  /** Records a longer fingerprint once a short file has grown, and the size last seen. */
  touch(id: number, size: number, fingerprint: string, fingerprintBytes: number): void;
}

export function createFileRegistry(db: Db): FileRegistry {
  const select = db.prepare(`SELECT id, path, size, fingerprint, fingerprint_bytes AS fingerprintBytes, offset,
    line_no AS lineNo, fields, log_date AS logDate FROM files WHERE path = ?`);
  const upsert = db.prepare(`INSERT INTO files (path, size, fingerprint, fingerprint_bytes, offset, line_no, updated_at)
    VALUES (?, 0, ?, ?, 0, 0, ?)
    ON CONFLICT (path) DO UPDATE SET size = 0, fingerprint = excluded.fingerprint, fingerprint_bytes = excluded.fingerprint_bytes,
      offset = 0, line_no = 0, lines = 0, rejected = 0, fields = NULL, log_date = NULL, updated_at = excluded.updated_at`);
  // The rejects of a replaced file's old content would point at line numbers that now hold other lines.
  const forgetRejects = db.prepare('DELETE FROM rejects WHERE file_id = (SELECT id FROM files WHERE path = ?)');
  const sameContent = db.prepare('SELECT path FROM files WHERE fingerprint = ? AND fingerprint_bytes = ? AND path <> ? LIMIT 1').pluck();
  const update = db.prepare('UPDATE files SET size = ?, fingerprint = ?, fingerprint_bytes = ? WHERE id = ?');
  const now = (): number => Math.floor(Date.now() / 1000);
  return {
    find: (path) => select.get(path) as FileRecord | undefined,
    findSameContent: (path, fingerprint, fingerprintBytes) => sameContent.get(fingerprint, fingerprintBytes, path) as string | undefined,
    start(path, fingerprint, fingerprintBytes) {
      db.transaction(() => {
        forgetRejects.run(path);
        upsert.run(path, fingerprint, fingerprintBytes, now());
      })();
      return select.get(path) as FileRecord;
    },
    touch(id, size, fingerprint, fingerprintBytes) {
      update.run(size, fingerprint, fingerprintBytes, id);
    },
  };
}
