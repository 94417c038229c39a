/** What one ingest run did: the `--json` contract of `activesync-doctor ingest`. */
export interface IngestSummary {
  files: number;
  skippedFiles: number;
  /** Data lines read by this run (directives and blank lines excluded) = ingested + rejected. */
  lines: number;
  ingested: number;
  rejected: number;
  activesync: { direct: number; proxy: number; redirect: number };
  other: number;
  elapsedMs: number;
  linesPerSecond: number;
}

/** What one ingest run did: its IngestSummary, and what only the human summary tells. */
export interface IngestResult extends IngestSummary {
  /** Lines read as Latin-1 because they were not UTF-8: names in them may come from another code page. */
  notUtf8Lines: number;
}

/** The `--json` object: exactly the contract's keys, in its order, whatever else a result holds. */
export const jsonSummary = (r: IngestSummary): IngestSummary => ({
  files: r.files, skippedFiles: r.skippedFiles, lines: r.lines, ingested: r.ingested, rejected: r.rejected,
  activesync: { direct: r.activesync.direct, proxy: r.activesync.proxy, redirect: r.activesync.redirect },
  other: r.other, elapsedMs: r.elapsedMs, linesPerSecond: r.linesPerSecond,
});

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  lines: number;
  linesPerSecond: number;
  currentFile: string | null;
}
