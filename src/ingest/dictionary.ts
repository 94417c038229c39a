import { detach } from '../text/detach.js';

/** Dictionary tables: every repeating string is stored once and referenced by id. */
export const dictionaryTables = [
  'servers', 'users', 'device_types', 'user_agents', 'commands',
  'proxy_targets', 'redirect_targets', 'errors', 'client_ips',
] as const;
export type DictionaryTable = (typeof dictionaryTables)[number];

/** The tables only the `Log=` tokens fill: the writer thread owns them (complete-rows.ts). */
export const tokenTables = ['proxy_targets', 'redirect_targets', 'errors'] as const satisfies readonly DictionaryTable[];
/** The tables the parser thread's BatchBuilder fills. */
export const builderTables = dictionaryTables.filter((t) => !(tokenTables as readonly DictionaryTable[]).includes(t));

/** A string first seen in this batch, to be inserted before the rows that use it. */
export type NewEntry = [table: DictionaryTable, id: number, name: string];


/** string → id for one table, seeded from the database, recording new entries. */
export class Dictionary {
  private readonly ids = new Map<string, number>();
  private nextId = 1;

  constructor(readonly table: DictionaryTable, private readonly pending: NewEntry[]) {}

  /** Seeds a known entry (from the database). */
  seed(id: number, name: string): void {
    this.ids.set(name, id);
    if (id >= this.nextId) this.nextId = id + 1;
  }

  /** The id of `name`, assigning (and recording) a new one the first time. */
  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      const key = detach(name);
      id = this.nextId++;
      this.ids.set(key, id);
      this.pending.push([this.table, id, key]);
    }
    return id;
  }

  /** Like idOf, for optional values: null stays null. */
  optional(name: string | null): number | null {
    return name === null ? null : this.idOf(name);
  }
}
