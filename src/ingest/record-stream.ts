import { originSlots, type EasRequest, type OtherRequest } from '../activesync/decode-request.js';
import type { Batch, RejectRow } from './batch.js';
import { decodeChunk } from './read-lines.js';

/**
 * Decoded lines on their way from the decoding thread to the encoding thread:
 * numbers and string positions in typed arrays, the bytes of the read chunks
 * the strings lie in (all transferred, not copied: cloning the chunks' text
 * cost both threads ~0.6 s per million lines), and the few strings that are not
 * plain slices of a chunk. Splitting the parser in two this way keeps one
 * builder seeing every line in file order, so the result is the same as
 * parsing on one thread.
 */
export interface PackedRecords {
  numbers: Float64Array;
  /** Per record: the index of its text in `texts`, then start and length of each string slot. */
  spans: Int32Array;
  count: number;
  /** The texts the strings lie in: a read chunk's bytes (decodeChunk gives its text back), else the text itself. */
  texts: (Uint8Array | string)[];
  /** Strings that are not slices of a text (%-decoded, rewritten, other traffic), in the order they are read back. */
  loose: string[];
  rejects: RejectRow[];
  end: Batch['end'];
}

/** Whoever receives decoded lines: the builder, or a packer that ships them to one. */
export interface LineSink<Stretch> {
  startFile(fileId: number, folderServer: string | null): void;
  /** The chunk of text the next lines are read from, and the bytes it was decoded from. */
  chunk(text: string, bytes: Uint8Array): void;
  addActiveSync(r: EasRequest): void;
  addOther(r: OtherRequest): void;
  addReject(lineNo: number, reason: string, line: string): void;
  /** Lines taken in since the last take. */
  readonly lineCount: number;
  take(end: Batch['end']): Stretch;
  /** Forgets what was added since the last take (its file broke before it was written). */
  dropUncommitted(): void;
}

const kinds = { activesync: 0, other: 1 } as const;
/**
 * Numbers of a record: kind, ts, status, substatus, win32, timeTaken, protocol,
 * innerHop, anonymous (the rest is read from `Log=` on the other side). They are
 * written out one by one below (a loop over key names made every access a slow
 * keyed one): packer and unpacker list them in this order.
 */
const width = 9;
const spanWidth = 1 + 2 * originSlots.length;
const absent = -2;
const loose = -1;
const orNaN = (v: number | null): number => (v === null ? Number.NaN : v);
const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** Packs decoded lines (the decoding thread's LineSink). */
export class RecordPacker implements LineSink<PackedRecords> {
  private numbers = new Float64Array(16_384 * width);
  private spans = new Int32Array(16_384 * spanWidth);
  private count = 0;
  private lines = 0;
  private texts: (Uint8Array | string)[] = [];
  /** The text `texts` ends with. */
  private lastText: string | null = null;
  private current: { text: string; bytes: Uint8Array } | null = null;
  private loose: string[] = [];
  private rejects: RejectRow[] = [];

  startFile(): void {}

  chunk(text: string, bytes: Uint8Array): void {
    this.current = { text, bytes };
  }

  get lineCount(): number {
    return this.lines;
  }

  /** Opens the next record; returns its index. */
  private open(): number {
    if ((this.count + 1) * spanWidth > this.spans.length) {
      const numbers = new Float64Array(this.numbers.length * 2);
      numbers.set(this.numbers);
      this.numbers = numbers;
      const spans = new Int32Array(this.spans.length * 2);
      spans.set(this.spans);
      this.spans = spans;
    }
    this.lines++;
    return this.count++;
  }

  /** Records string slot `k` of a record whose spans start at `base`: a slice of its text at `at`, or loose. */
  private string(base: number, k: number, value: string | null, at: number): void {
    const s = this.spans;
    if (value === null) {
      s[base + 1 + 2 * k] = absent;
    } else if (at >= 0) {
      s[base + 1 + 2 * k] = at;
      s[base + 2 + 2 * k] = value.length;
    } else {
      s[base + 1 + 2 * k] = loose;
      this.loose.push(value);
    }
  }

  private textIndex(text: string): number {
    // Lines come chunk by chunk: a record's text is almost always the previous record's.
    if (this.lastText === text) return this.texts.length - 1;
    this.lastText = text;
    // A chunk goes as a copy of its bytes (the read buffer is not ours to hand over); an unquoted line's own text as it is.
    this.texts.push(this.current !== null && text === this.current.text ? new Uint8Array(this.current.bytes) : text);
    return this.texts.length - 1;
  }

  addActiveSync(r: EasRequest): void {
    const record = this.open();
    const n = this.numbers;
    let at = record * width;
    n[at++] = kinds.activesync;
    n[at++] = r.ts; n[at++] = r.status; n[at++] = r.substatus; n[at++] = r.win32;
    n[at++] = orNaN(r.timeTaken); n[at++] = orNaN(r.protocol); n[at++] = r.innerHop ? 1 : 0; n[at] = r.anonymous ? 1 : 0;
    const base = record * spanWidth;
    const origin = r.origin;
    const pos = origin?.at;
    this.spans[base] = origin === null ? -1 : this.textIndex(origin.text);
    // originSlots order.
    this.string(base, 0, r.computerName, pos?.[0] ?? -1); this.string(base, 1, r.serverIp, pos?.[1] ?? -1);
    this.string(base, 2, r.clientIp, pos?.[2] ?? -1); this.string(base, 3, r.queryUser, pos?.[3] ?? -1);
    this.string(base, 4, r.username, pos?.[4] ?? -1); this.string(base, 5, r.deviceId, pos?.[5] ?? -1);
    this.string(base, 6, r.deviceType, pos?.[6] ?? -1); this.string(base, 7, r.cmd, pos?.[7] ?? -1);
    this.string(base, 8, r.userAgent, pos?.[8] ?? -1); this.string(base, 9, r.log, pos?.[9] ?? -1);
  }

  addOther(r: OtherRequest): void {
    const record = this.open();
    this.numbers[record * width] = kinds.other;
    this.numbers[record * width + 1] = r.ts;
    const base = record * spanWidth;
    this.spans[base] = -1;
    this.string(base, 0, r.computerName, -1); this.string(base, 1, r.serverIp, -1); this.string(base, 2, r.protocol, -1);
  }

  addReject(lineNo: number, reason: string, line: string): void {
    this.lines++;
    // The builder keeps the first 200 characters; this bounds what crosses threads.
    this.rejects.push({ lineNo, reason, sample: line.slice(0, 1024) });
  }

  take(end: Batch['end']): PackedRecords {
    const packed: PackedRecords = {
      numbers: this.numbers.slice(0, this.count * width), spans: this.spans.slice(0, this.count * spanWidth), count: this.count,
      texts: this.texts, loose: this.loose, rejects: this.rejects, end,
    };
    this.dropUncommitted();
    return packed;
  }

  dropUncommitted(): void {
    this.count = 0;
    this.lines = 0;
    this.texts = [];
    this.lastText = null;
    this.loose = [];
    this.rejects = [];
  }
}

/**
 * Replays packed lines into `sink` (the builder on the encoding thread), in
 * their order. The request handed to the sink is one object refilled for every
 * record, like the decoder's: the sink reads it before the next.
 */
export function unpackRecords<T>(packed: PackedRecords, sink: LineSink<T>): void {
  const { numbers: n, spans: s } = packed;
  const texts = packed.texts.map((t) => (typeof t === 'string' ? t : decodeChunk(t)));
  let nextLoose = 0;
  let text = '';
  let base = 0;
  const slot = (k: number): string | null => {
    const at = s[base + 1 + 2 * k]!;
    if (at === absent) return null;
    if (at === loose) return packed.loose[nextLoose++]!;
    return text.slice(at, at + s[base + 2 + 2 * k]!);
  };
  const r: EasRequest = {
    kind: 'activesync', ts: 0, status: 0, substatus: 0, win32: 0, timeTaken: null, protocol: null, innerHop: false, anonymous: false,
    computerName: null, serverIp: null, clientIp: null, queryUser: null, username: null, deviceId: '', deviceType: '', cmd: null, userAgent: null, log: null,
    proxyTo: null, redirectTo: null, error: null, heartbeat: null, class: 'direct', outcome: 'ok', origin: null,
  };
  for (let record = 0; record < packed.count; record++) {
    const at = record * width;
    base = record * spanWidth;
    text = s[base]! >= 0 ? texts[s[base]!]! : '';
    if (n[at] === kinds.activesync) {
      r.ts = n[at + 1]!; r.status = n[at + 2]!; r.substatus = n[at + 3]!; r.win32 = n[at + 4]!;
      r.timeTaken = orNull(n[at + 5]!); r.protocol = orNull(n[at + 6]!); r.innerHop = n[at + 7] === 1; r.anonymous = n[at + 8] === 1;
      // originSlots order: loose strings are read back in the order they were packed.
      r.computerName = slot(0); r.serverIp = slot(1); r.clientIp = slot(2); r.queryUser = slot(3); r.username = slot(4);
      r.deviceId = slot(5) ?? ''; r.deviceType = slot(6) ?? ''; r.cmd = slot(7); r.userAgent = slot(8); r.log = slot(9);
      sink.addActiveSync(r); // which completes it: Log= tokens, class, outcome
    } else {
      sink.addOther({ kind: 'other', ts: n[at + 1]!, computerName: slot(0), serverIp: slot(1), protocol: slot(2) ?? '' });
    }
  }
  for (const reject of packed.rejects) sink.addReject(reject.lineNo, reject.reason, reject.sample);
}
