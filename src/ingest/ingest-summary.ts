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

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  lines: number;
  linesPerSecond: number;
  currentFile: string | null;
}
