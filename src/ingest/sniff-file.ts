import { basename } from 'node:path';
import { readHead } from './read-head.js';
import { startsWithBom } from './read-lines.js';

/** What the first bytes of a file say about it. */
export type Sniff =
  | { kind: 'w3c'; serverIp: string | null }
  | { kind: 'empty' }
  | { kind: 'skip'; reason: string };

const sniffBytes = 64 * 1024;
/** IIS's names for W3C logs: u_exYYMMDD.log (UTF-8), exYYMMDD.log, hourly and suffixed variants, archives. */
const iisLogName = /^(u_)?ex\d{6,8}(_x|_\d+)?\.log(\.gz)?$/i;
/** A W3C data row as IIS writes it: date and time first. */
const w3cRow = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /;

/**
 * Decides whether a file is an IIS W3SVC log: a `#Fields:` directive within the
 * first 64 KiB. HTTPERR logs share the format but not the fields, so they are
 * named and skipped. Also reads the first record's s-ip, so requests coming from
 * a CAS (the inner hop of a proxy) can be recognised whatever order files come in.
 */
export async function sniffFile(path: string): Promise<Sniff> {
  let head: Buffer;
  try {
    head = await readHead(path, sniffBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOENT') throw error;
    return { kind: 'skip', reason: 'not a W3C log (unreadable archive)' };
  }
  if (head.length === 0) return { kind: 'empty' };
  // A UTF-8 BOM may sit right before the first directive, whichever it is.
  const lines = head.toString('latin1', startsWithBom(head) ? 3 : 0).split('\n');
  const fieldsAt = lines.findIndex((l) => /^#fields:/i.test(l));
  if (fieldsAt === -1) {
    // The tail of a log cut off by a script starts mid-stream: its rows are counted as no-fields-directive
    // until a header block comes (expectations-and-faults.md B2.4), rather than the file being skipped.
    const headless = iisLogName.test(basename(path)) && w3cRow.test(lines.find((l) => l.trim() !== '') ?? '');
    return headless ? { kind: 'w3c', serverIp: null } : { kind: 'skip', reason: 'not a W3C log (no #Fields in the first 64 KiB)' };
  }
  const fields = lines[fieldsAt]!.slice(8).trim().toLowerCase().split(/\s+/);
  if (fields.includes('s-reason') || lines.some((l) => l.startsWith('#Software: Microsoft HTTP API'))) {
    return { kind: 'skip', reason: 'HTTPERR log, not a W3SVC log' };
  }
  const ipColumn = fields.indexOf('s-ip');
  const record = lines.slice(fieldsAt + 1).find((l) => l.length > 0 && !l.startsWith('#'));
  const value = ipColumn >= 0 && record ? record.split(' ')[ipColumn] : undefined;
  return { kind: 'w3c', serverIp: value && value !== '-' ? value.trim() : null };
}
