import { classifyOutcome, classifyRequest, type ClassifyInput } from '../activesync/classify.js';
import { emptyLogTokens, parseLogTokens } from '../activesync/log-tokens.js';
import { outcomes, requestClasses } from '../activesync/request-class.js';
import { col, commandKinds, flagHop, packFlags, rowWidth, type Batch } from './batch.js';
import { Dictionary, type NewEntry, type tokenTables } from './dictionary.js';
import { LogPieceReader } from './log-pieces.js';

type TokenTable = (typeof tokenTables)[number];

const classIndex = new Map(requestClasses.map((c, i) => [c, i]));
const outcomeIndex = new Map(outcomes.map((o, i) => [o, i]));

/**
 * Completes a batch's rows on the writer thread: reads each request's `Log=`
 * tokens (proxy and redirect targets, error, protocol version, heartbeat),
 * classifies it and fills the columns that depend on them. The parser thread is
 * the ingest's bottleneck and the writer idled ~40%: this was ~0.8 of the
 * parser's ~6 CPU-seconds per million lines.
 */
export class RowCompleter {
  private readonly pending: NewEntry[] = [];
  private readonly dictionaries: Record<TokenTable, Dictionary>;
  private readonly tokens = emptyLogTokens();
  private readonly input: ClassifyInput = { status: 0, substatus: 0, anonymous: false, proxyTo: null, error: null, cmd: null };

  /** `seed`: the token tables' entries already in the database. */
  constructor(seed: Iterable<[table: TokenTable, id: number, name: string]>) {
    const dictionary = (table: TokenTable): Dictionary => new Dictionary(table, this.pending);
    this.dictionaries = { proxy_targets: dictionary('proxy_targets'), redirect_targets: dictionary('redirect_targets'), errors: dictionary('errors') };
    for (const [table, id, name] of seed) this.dictionaries[table].seed(id, name);
  }

  /** Fills in `batch`'s rows and class counts; returns the token strings first seen, to insert before the rows. */
  complete(batch: Batch): NewEntry[] {
    const values = new LogPieceReader(batch.logs);
    for (let r = 0; r < batch.rowCount; r++) this.completeRow(batch.rows, r * rowWidth, values, batch.counts);
    return this.pending.splice(0);
  }

  /**
   * Completes the row at `at`, whose `Log=` value is the next of `values`. A
   * method of its own, not the loop's body: when V8 re-optimises it, it
   * recompiles this alone, not the loop around it both on the stack and off it.
   */
  private completeRow(rows: Float64Array, at: number, values: LogPieceReader, counts: Batch['counts']): void {
    const tokens = this.tokens;
    const input = this.input;
    const length = rows[at + col.log_length]!;
    if (length < 0) {
      parseLogTokens('', tokens);
    } else {
      values.next(length);
      parseLogTokens(values.text, tokens, values.from, values.from + length);
    }
    input.status = rows[at + col.status]!;
    input.substatus = rows[at + col.substatus]!;
    input.anonymous = rows[at + col.anonymous] === 1;
    input.proxyTo = tokens.proxyTo;
    input.error = tokens.error;
    // Classification looks at the command only to tell a Provision from a sync.
    input.cmd = rows[at + col.command_kind] === commandKinds.provision ? 'Provision' : null;
    const cls = classifyRequest(input);
    const hop = flagHop(rows[at + col.flags]!) === 1 || tokens.proxyFrom !== null ? 1 : 0;
    rows[at + col.flags] = packFlags(classIndex.get(cls)!, hop, outcomeIndex.get(classifyOutcome(input))!);
    rows[at + col.proxy_target_id] = tokens.proxyTo === null ? Number.NaN : this.dictionaries.proxy_targets.idOf(tokens.proxyTo);
    rows[at + col.redirect_target_id] = tokens.redirectTo === null ? Number.NaN : this.dictionaries.redirect_targets.idOf(tokens.redirectTo);
    rows[at + col.error_id] = tokens.error === null ? Number.NaN : this.dictionaries.errors.idOf(tokens.error);
    if (tokens.protocol !== null) rows[at + col.protocol] = tokens.protocol;
    rows[at + col.heartbeat] = tokens.heartbeat ?? Number.NaN;
    counts[cls]++;
  }
}
