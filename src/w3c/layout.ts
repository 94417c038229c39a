/**
 * The W3C fields the tool reads, by their `#Fields` names. Every other field is
 * accepted and ignored, so any field selection or order works (domain.md 1.1).
 */
export const knownFields = {
  date: 'date',
  time: 'time',
  serverIp: 's-ip',
  computerName: 's-computername',
  method: 'cs-method',
  stem: 'cs-uri-stem',
  query: 'cs-uri-query',
  username: 'cs-username',
  clientIp: 'c-ip',
  userAgent: 'cs(user-agent)',
  status: 'sc-status',
  substatus: 'sc-substatus',
  win32: 'sc-win32-status',
  timeTaken: 'time-taken',
} as const;

export type KnownField = keyof typeof knownFields;

/** A `#Fields` directive: the column names and, per known field, its column (-1 when not logged). */
export interface Layout {
  /** The directive's text after `#Fields:`, stored so a resumed ingest knows the columns. */
  text: string;
  names: string[];
  index: Record<KnownField, number>;
}

/** Builds a layout from the text after `#Fields:`; names compare case-insensitively. */
export function createLayout(text: string): Layout {
  const names = text.trim().split(/\s+/).filter((n) => n.length > 0);
  const lower = names.map((n) => n.toLowerCase());
  const index = {} as Record<KnownField, number>;
  for (const [key, name] of Object.entries(knownFields) as [KnownField, string][]) {
    index[key] = lower.indexOf(name);
  }
  return { text: names.join(' '), names, index };
}
