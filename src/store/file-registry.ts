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

/** How far a file has been read: what the next read starts from. */
export type FilePosition = Pick<FileRecord, 'offset' | 'lineNo' | 'fields' | 'logDate'>;

export interface FileRegistry {
  find(path: string): FileRecord | undefined;
  /**
   * The other files with this full-length fingerprint that have been read from
   * (offset or line past 0): the same log under other names (a copy, its .gz),
   * furthest read first (the earliest registered first among equals).
   */
  findSameLog(path: string, fingerprint: string, fingerprintBytes: number): FileRecord[];
  /**
   * Registers a new file, or starts a replaced one (same path, new content) again
   * from its first byte; or, given `from`, from that position: where its log was
   * read to under another name, whose lines are stored already.
   */
  start(path: string, fingerprint: string, fingerprintBytes: number, from?: FilePosition): FileRecord;
  /** Records a longer fingerprint once a short file has grown, and the size last seen. */
  touch(id: number, size: number, fingerprint: string, fingerprintBytes: number): void;
}

export function createFileRegistry(db: Db): FileRegistry {
  const columns = `id, path, size, fingerprint, fingerprint_bytes AS fingerprintBytes, offset,
    line_no AS lineNo, fields, log_date AS logDate`;
  const select = db.prepare(`SELECT ${columns} FROM files WHERE path = ?`);
  const upsert = db.prepare(`INSERT INTO files (path, size, fingerprint, fingerprint_bytes, offset, line_no, updated_at)
    VALUES (?, 0, ?, ?, 0, 0, ?)
    ON CONFLICT (path) DO UPDATE SET size = 0, fingerprint = excluded.fingerprint, fingerprint_bytes = excluded.fingerprint_bytes,
      offset = 0, line_no = 0, lines = 0, rejected = 0, fields = NULL, log_date = NULL, updated_at = excluded.updated_at`);
  // The rejects of a replaced file's old content would point at line numbers that now hold other lines.
  const forgetRejects = db.prepare('DELETE FROM rejects WHERE file_id = (SELECT id FROM files WHERE path = ?)');
  const sameLog = db.prepare(`SELECT ${columns} FROM files WHERE fingerprint = ? AND fingerprint_bytes = ? AND path <> ?
    AND (offset > 0 OR line_no > 0) ORDER BY offset DESC, line_no DESC, id`);
  const place = db.prepare('UPDATE files SET offset = ?, line_no = ?, fields = ?, log_date = ? WHERE path = ?');
  const update = db.prepare('UPDATE files SET size = ?, fingerprint = ?, fingerprint_bytes = ? WHERE id = ?');
  const now = (): number => Math.floor(Date.now() / 1000);
  return {
    find: (path) => select.get(path) as FileRecord | undefined,
    findSameLog: (path, fingerprint, fingerprintBytes) => sameLog.all(fingerprint, fingerprintBytes, path) as FileRecord[],
    start(path, fingerprint, fingerprintBytes, from) {
      db.transaction(() => {
        forgetRejects.run(path);
        upsert.run(path, fingerprint, fingerprintBytes, now());
        if (from) place.run(from.offset, from.lineNo, from.fields, from.logDate, path);
      })();
      return select.get(path) as FileRecord;
    },
    touch(id, size, fingerprint, fingerprintBytes) {
      update.run(size, fingerprint, fingerprintBytes, id);
    },
  };
}
