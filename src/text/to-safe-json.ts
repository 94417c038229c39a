/**
 * Characters JSON.stringify leaves raw but a terminal or a viewer may act on: DEL, the C1
 * controls (U+009B is an 8-bit CSI), bidi overrides and U+2028/U+2029. JSON.stringify
 * already escapes C0 controls (ESC becomes \u001b).
 */
const rawUnsafe = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A JSON-able stand-in for values JSON.stringify cannot write: blobs as hex, bigints as numbers-in-text. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') {
    const data = (value as { data?: unknown }).data;
    if (Array.isArray(data)) return Buffer.from(data as number[]).toString('hex');
  }
  return value;
}

/**
 * JSON.stringify (2-space indent) whose output is safe to print on a terminal yet decodes to
 * exactly the same values: the characters above are written as `\uXXXX` escapes, which can
 * only occur inside strings. Log-sourced text keeps its raw value for `jq` and scripts.
 */
export function toSafeJson(value: unknown): string {
  return (JSON.stringify(value, replacer, 2) ?? 'null').replace(
    rawUnsafe,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
