/**
 * A problem the user can fix (bad flag, missing file, unknown query). The CLI
 * prints `message` and `hint` on one or two lines, without a stack trace, and
 * exits with `exitCode` (2 for usage errors, 1 for runtime failures).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A database failure, told apart by its error code (SQLite's or the system's). */
interface DatabaseFailure {
  codes: RegExp;
  /** `database`: the --db file when known; `written`: the file the system call was writing, if it says. */
  message: (where: { database?: string; written?: string; detail: string }) => string;
  hint?: string;
}

/**
 * Failures that are the database file's fault rather than the command's, scanned top
 * to bottom. They arrive as raw SqliteError/ErrnoException from any statement, far from
 * the --db flag, so the CLI's top-level handler names the file with this table.
 */
const databaseFailures: readonly DatabaseFailure[] = [
  {
    // _INDEX, _VTAB and _SEQUENCE are extended forms of CORRUPT; NOTADB is a header damaged past recognition.
    codes: /^SQLITE_(CORRUPT(_[A-Z]+)?|NOTADB)$/,
    message: ({ database, detail }) => `${database ? `database ${database}` : 'the database'} is damaged (${detail})`,
    hint: 'the database only holds what was read from the logs: move it aside (or pass another --db) and run ingest again to rebuild it',
  },
  {
    // ENOSPC from fs names its own file (an HTML snapshot, say), which may not be the database.
    codes: /^(SQLITE_FULL|ENOSPC)$/,
    message: ({ database, written }) =>
      `disk full while writing ${written ?? (database ? `the database ${database}` : 'the database')}; free space and run again (nothing is counted twice)`,
  },
];

/**
 * Turns an error that means "the database file is damaged" or "the disk is full"
 * into a UserError naming `databasePath`. Returns undefined for any other error.
 */
export function databaseFailureOf(error: unknown, databasePath?: string): UserError | undefined {
  const e = error as { code?: unknown; path?: unknown; message?: unknown };
  if (typeof e?.code !== 'string') return undefined;
  const failure = databaseFailures.find((f) => f.codes.test(e.code as string));
  if (!failure) return undefined;
  const message = failure.message({
    database: databasePath,
    written: typeof e.path === 'string' ? e.path : undefined,
    detail: typeof e.message === 'string' ? e.message : String(e.code),
  });
  return new UserError(message, 1, failure.hint);
}
