/**
 * How a batch's `Log=` values cross from the parser thread to the writer: back
 * to back in a few strings rather than one string per row (which cost a
 * serialisation and an allocation each on both threads) or one per batch (a
 * string over V8's 128 KiB large-object threshold lives in the old generation
 * until a full collection: 1M lines peaked at 294-306 MB instead of ~260).
 */

/** A piece is cut once it holds this many characters. */
export const logPieceChars = 64 * 1024;

/** Collects values in row order; a value never spans two pieces. */
export class LogPieceWriter {
  private parts: string[] = [];
  private length = 0;
  private pieces: string[] = [];

  add(log: string): void {
    this.parts.push(log);
    this.length += log.length;
    if (this.length >= logPieceChars) this.cut();
  }

  /** The pieces collected since the last call. */
  take(): string[] {
    if (this.parts.length > 0) this.cut();
    const pieces = this.pieces;
    this.pieces = [];
    return pieces;
  }

  private cut(): void {
    this.pieces.push(this.parts.join(''));
    // Emptied, not replaced: a fresh [] starts out as an array of small integers, and its first
    // string made V8 throw away the parser's optimised code around every add.
    this.parts.length = 0;
    this.length = 0;
  }
}

/** Reads values back in row order, each by its length: the value is text[from, from + length). */
export class LogPieceReader {
  text = '';
  from = 0;
  private piece = -1;
  private at = 0;

  constructor(private readonly pieces: readonly string[]) {}

  next(length: number): void {
    // A piece ends where a value ends: when it is used up, the next value starts the next piece.
    if (this.piece < 0 || (this.at === this.text.length && this.piece + 1 < this.pieces.length)) {
      this.text = this.pieces[++this.piece] ?? '';
      this.at = 0;
    }
    this.from = this.at;
    this.at += length;
  }
}
