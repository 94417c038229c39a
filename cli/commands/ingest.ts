import type { Command } from 'commander';
import { jsonSummary } from '../../src/ingest/ingest-summary.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { openDatabase } from '../../src/store/open-database.js';
import { sanitizeForTerminal } from '../../src/text/sanitize-terminal.js';
import { createProgressLine } from '../output/progress-line.js';
import { formatSummary } from '../output/print-summary.js';

export const defaultDbPath = 'activesync-doctor.db';

interface IngestFlags {
  db: string;
  json?: boolean;
  quiet?: boolean;
  strict?: boolean;
}

/** Exit code of a run that read everything it could but skipped files or rejected lines, under --strict. */
const strictExitCode = 3;

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('read IIS W3SVC logs (files, folders, .gz) into the database, incrementally')
    .argument('<path...>', 'log files or folders (searched recursively: <SERVER>/W3SVC1/u_exYYMMDD.log)')
    .option('--db <file>', 'database file', defaultDbPath)
    .option('--json', 'print the run summary as JSON on stdout (progress and warnings stay on stderr)')
    .option('-q, --quiet', 'no progress and no summary; warnings only')
    .option('--strict', `exit with code ${strictExitCode} when a file was skipped or a line rejected (scripts, CI)`)
    .addHelpText('after', `
Examples:
  $ activesync-doctor ingest 'D:\\logs'                      every server folder below
  $ activesync-doctor ingest NYCAS10A/W3SVC1/u_ex101004.log --db migration.db
  $ activesync-doctor ingest logs/ --json | jq .activesync

Running it again reads only what is new: appended lines, new files, replaced files.
Malformed lines are counted and kept (activesync-doctor query rejected-lines); they never stop the run.
Exit codes: 0 everything readable was ingested (see the summary for skips and rejects), 1 the database
failed, 2 bad option, ${strictExitCode} with --strict: a file was skipped or a line rejected.`)
    .action(async (paths: string[], flags: IngestFlags) => {
      const db = openDatabase(flags.db);
      const progress = flags.quiet ? null : createProgressLine();
      try {
        const summary = await runIngest(paths, {
          db,
          onProgress: (p) => progress?.update(p),
          onWarning: (message) => {
            progress?.clear();
            // Warnings name files, and a file name can hold escape sequences (`x\x1b[2J.log`).
            process.stderr.write(`warning: ${sanitizeForTerminal(message)}\n`);
          },
        });
        progress?.clear();
        if (flags.json) process.stdout.write(JSON.stringify(jsonSummary(summary)) + '\n');
        else if (!flags.quiet) process.stderr.write(formatSummary(summary, sanitizeForTerminal(flags.db)) + '\n');
        if (flags.strict && (summary.skippedFiles > 0 || summary.rejected > 0)) process.exitCode = strictExitCode;
      } finally {
        db.close();
      }
    });
}
