import { userOf, type EasRequest, type OtherRequest } from '../activesync/decode-request.js';
import { normalizeUser } from '../activesync/normalize-user.js';
import { commandKinds, packFlags, rowWidth, type Batch, type DeviceRow } from './batch.js';
import { detach, flatCopy } from '../text/detach.js';
import { rejectSample } from '../text/reject-sample.js';
import { LogPieceWriter } from './log-pieces.js';
import { ipv4Code } from './ipv4-code.js';
import { builderTables, Dictionary, type DictionaryTable, type NewEntry } from './dictionary.js';

/** What the builder starts from: the database's dictionaries and devices. */
export interface BuilderSeed {
  entries: Iterable<[table: DictionaryTable, id: number, name: string]>;
  devices: Iterable<DeviceRow & { user: string }>;
  /** s-ip of every CAS: a request from one of them is the inner hop of a proxy. */
  casIps: Iterable<string>;
}

/** What a DeviceId was last seen with: a line that repeats it reuses the ids. */
interface RecentDevice {
  device: DeviceRow;
  user: string;
  /** The query's User spelling that normalised to `user`, null when it did not name one. */
  queryUser: string | null;
  type: string;
  ua: string | null;
  clientIp: string | null;
  clientIpId: number;
  /** Whether clientIp is a CAS (the request is an inner proxy hop), as of casIpsVersion. */
  clientIsCas: boolean;
  casIpsVersion: number;
}

/** A command name with its dictionary id and the kind the per-day rollup counts. */
interface Command {
  name: string;
  id: number;
  kind: number;
}

/** Names kept per (length, first letter): real commands never get near it, junk stops growing the lists here. */
const maxPerShape = 8;

/**
 * Commands by shape: a few dozen short names, found by length and first letter
 * then compared, which costs less than hashing a fresh string for a Map look-up
 * on every line.
 */
class CommandTable {
  private readonly byShape: Command[][] = [];

  constructor(private readonly dictionary: Dictionary) {}

  of(name: string): Command {
    const shape = name.length * 128 + (name.charCodeAt(0) & 127);
    const list = (this.byShape[shape] ??= []);
    for (const command of list) if (command.name === name) return command;
    const kind = name === 'Ping' ? commandKinds.ping : name === 'Sync' ? commandKinds.sync : name === 'Provision' ? commandKinds.provision : commandKinds.other;
    const command = { name: detach(name), id: this.dictionary.idOf(name), kind };
    if (list.length < maxPerShape) list.push(command);
    return command;
  }
}

/**
 * Turns decoded records into an encoded Batch: dictionary ids instead of strings,
 * devices resolved, rollup increments accumulated. One builder lives for a whole
 * run so its dictionaries stay warm across files.
 */
export class BatchBuilder {
  private pendingEntries: NewEntry[] = [];
  private readonly dictionaries = new Map<DictionaryTable, Dictionary>();
  private readonly devices = new Map<string, DeviceRow>();
  /** DeviceId (lowercase) → the user last seen with it, for requests that name none (base64 queries). */
  private readonly userByDeviceId = new Map<string, number>();
  private readonly casIps: Set<string>;
  /** Bumped when casIps grows: what a RecentDevice remembers of it is then stale. */
  private casIpsVersion = 0;
  private readonly knownServerIps = new Set<string>();
  private nextDeviceId = 1;

  private fileId = 0;
  private folderServer: string | null = null;
  private batch!: Batch;
  /** Encoded rows of the open batch, grown by doubling; handed over as an exact-size copy. */
  private rows = new Float64Array(16_384 * rowWidth);
  /** DeviceId as logged → the device and the strings it was last seen with: most lines skip five look-ups. */
  private readonly recent = new Map<string, RecentDevice>();
  private other = new Map<string, [number, number, string, number]>();
  /** The open batch's `Log=` values. */
  private readonly logs = new LogPieceWriter();
  private changed = new Map<number, DeviceRow>();

  constructor(seed: BuilderSeed) {
    for (const table of builderTables) this.dictionaries.set(table, new Dictionary(table, this.pendingEntries));
    for (const [table, id, name] of seed.entries) this.dict(table).seed(id, name);
    this.commands = new CommandTable(this.dict('commands'));
    this.clientIps = this.dict('client_ips');
    for (const d of seed.devices) {
      this.devices.set(`${d.userId}\t${d.deviceKey.toLowerCase()}`, { ...d });
      if (d.user !== '') this.userByDeviceId.set(d.deviceKey.toLowerCase(), d.userId);
      if (d.id >= this.nextDeviceId) this.nextDeviceId = d.id + 1;
    }
    this.casIps = new Set(seed.casIps);
    this.reset();
  }

  private dict(table: DictionaryTable): Dictionary {
    return this.dictionaries.get(table)!;
  }

  // The per-row dictionaries, looked up once instead of once per value.
  private readonly commands: CommandTable;
  private readonly clientIps: Dictionary;
  /**
   * client_ips ids of IPv4 addresses, by ipv4Code: an integer key costs less to
   * look up than a fresh string. Keyed by code / 4, each entry holding four ids:
   * a 32-bit key is no V8 small integer and each look-up would box it.
   */
  private readonly clientIpsByCode = new Map<number, number[]>();

  /** Starts a file; `folderServer` names the CAS when the log has no s-computername. */
  startFile(fileId: number, folderServer: string | null): void {
    this.fileId = fileId;
    this.folderServer = folderServer;
    this.lastServer = { name: null, ip: null, id: 0 };
    this.batch.fileId = fileId;
  }

  get lineCount(): number {
    return this.batch.counts.lines;
  }

  private lastServer: { name: string | null; ip: string | null; id: number } = { name: null, ip: null, id: 0 };

  private serverId(computerName: string | null, serverIp: string | null): number {
    // A file comes from one server: almost every line repeats the last answer.
    const last = this.lastServer;
    if (last.id !== 0 && computerName === last.name && serverIp === last.ip) return last.id;
    this.lastServer = { name: computerName === null ? null : detach(computerName), ip: serverIp === null ? null : detach(serverIp), id: this.resolveServer(computerName, serverIp) };
    return this.lastServer.id;
  }

  private resolveServer(computerName: string | null, serverIp: string | null): number {
    const name = computerName ?? this.folderServer ?? serverIp ?? 'unknown';
    const id = this.dict('servers').idOf(name);
    if (serverIp !== null && !this.knownServerIps.has(`${id}\t${serverIp}`)) {
      this.knownServerIps.add(`${id}\t${serverIp}`);
      this.batch.serverIps.push([id, serverIp]);
      // Later files may hold this CAS's proxied requests: recognise its address from now on.
      this.casIps.add(detach(serverIp));
      this.casIpsVersion++;
    }
    return id;
  }

  private recentDeviceOf(r: EasRequest): RecentDevice {
    const seen = this.recent.get(r.deviceId);
    // The spelling seen last time normalises to the same user without another look-up.
    const sameSpelling = seen !== undefined && r.queryUser !== null && r.queryUser === seen.queryUser;
    const user = sameSpelling ? seen.user : userOf(r);
    if (seen !== undefined && r.deviceType === seen.type && (r.userAgent === null || r.userAgent === seen.ua) && (user === seen.user || user === '')) {
      return seen;
    }
    const device = this.resolveDevice(r, user);
    // A line naming no user keeps the device's entry (it would forget the user), unless it resolved elsewhere.
    if (user === '' && seen !== undefined) return seen.device === device ? seen : { ...seen, device };
    // Everything kept here outlives the read chunk it was sliced from (performance.md trap 1), and
    // is compared with every later line of the device: flat copies.
    const entry: RecentDevice = {
      device,
      user,
      queryUser: r.queryUser !== null && normalizeUser(r.queryUser) !== '' ? flatCopy(r.queryUser) : null,
      type: flatCopy(r.deviceType),
      ua: r.userAgent === null ? seen?.ua ?? null : flatCopy(r.userAgent),
      clientIp: null,
      clientIpId: 0,
      clientIsCas: false,
      casIpsVersion: -1,
    };
    this.recent.set(flatCopy(r.deviceId), entry);
    return entry;
  }

  private resolveDevice(r: EasRequest, user: string): DeviceRow {
    const deviceLower = detach(r.deviceId.toLowerCase());
    let userId: number;
    if (user !== '') {
      userId = this.dict('users').idOf(user);
      this.userByDeviceId.set(deviceLower, userId);
    } else {
      userId = this.userByDeviceId.get(deviceLower) ?? this.dict('users').idOf('');
    }
    const key = `${userId}\t${deviceLower}`;
    const typeId = this.dict('device_types').idOf(r.deviceType);
    const uaId = this.dict('user_agents').optional(r.userAgent);
    let device = this.devices.get(key);
    if (device === undefined) {
      device = { id: this.nextDeviceId++, userId, deviceKey: detach(r.deviceId), deviceTypeId: typeId, userAgentId: uaId };
      this.devices.set(detach(key), device);
      this.batch.newDevices.push({ ...device });
    } else if (device.deviceTypeId !== typeId || (uaId !== null && device.userAgentId !== uaId)) {
      device.deviceTypeId = typeId;
      if (uaId !== null) device.userAgentId = uaId;
      this.changed.set(device.id, { ...device });
    }
    return device;
  }

  /**
   * A device's client IP rarely changes between its requests: compared with the
   * last one, it skips two look-ups of a fresh string (its id, whether it is a CAS).
   */
  private client(recent: RecentDevice, ip: string): RecentDevice {
    if (ip !== recent.clientIp) {
      recent.clientIpId = this.clientIpId(ip);
      recent.clientIp = detach(ip);
      recent.casIpsVersion = -1;
    }
    if (recent.casIpsVersion !== this.casIpsVersion) {
      recent.clientIsCas = this.casIps.has(ip);
      recent.casIpsVersion = this.casIpsVersion;
    }
    return recent;
  }

  private clientIpId(ip: string): number {
    const code = ipv4Code(ip);
    if (code === null) return this.clientIps.idOf(ip);
    let ids = this.clientIpsByCode.get(code >>> 2);
    if (ids === undefined) this.clientIpsByCode.set(code >>> 2, (ids = [0, 0, 0, 0]));
    return (ids[code & 3] ||= this.clientIps.idOf(ip));
  }

  addActiveSync(r: EasRequest): void {
    const b = this.batch;
    const serverId = this.serverId(r.computerName, r.serverIp);
    const recent = this.recentDeviceOf(r);
    const device = recent.device;
    const client = r.clientIp === null ? null : this.client(recent, r.clientIp);
    const hop = r.innerHop || (client !== null && client.clientIsCas) ? 1 : 0;
    const nan = Number.NaN;
    let at = b.rowCount * rowWidth;
    if (at + rowWidth > this.rows.length) {
      const grown = new Float64Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    const row = this.rows;
    // Class and outcome come from the Log= tokens, read on the writer thread (complete-rows.ts).
    row[at++] = r.ts; row[at++] = serverId; row[at++] = device.id; row[at++] = packFlags(0, hop, 0);
    const command = r.cmd === null ? null : this.commands.of(r.cmd);
    row[at++] = command === null ? nan : command.id;
    row[at++] = r.status; row[at++] = r.substatus; row[at++] = r.win32; row[at++] = r.timeTaken ?? nan;
    row[at++] = device.userAgentId ?? nan;
    row[at++] = client === null ? nan : client.clientIpId;
    row[at++] = nan; row[at++] = nan; row[at++] = nan; // proxy target, redirect target, error: from Log=
    row[at++] = r.protocol ?? nan; row[at++] = nan; // heartbeat: from Log=
    row[at++] = device.deviceTypeId;
    row[at++] = command === null ? commandKinds.other : command.kind;
    row[at++] = r.username === null ? 1 : 0; // anonymous: the 401 challenge carries no cs-username
    row[at] = r.log === null ? -1 : r.log.length;
    if (r.log !== null) this.logs.add(r.log);
    b.rowCount++;
    b.counts.lines++;
  }

  addOther(r: OtherRequest): void {
    const serverId = this.serverId(r.computerName, r.serverIp);
    const day = Math.floor(r.ts / 86400);
    const key = `${day}\t${serverId}\t${r.protocol}`;
    const o = this.other.get(key);
    if (o) o[3]++; else this.other.set(key, [day, serverId, r.protocol, 1]);
    this.batch.counts.lines++;
    this.batch.counts.other++;
  }

  addReject(lineNo: number, reason: string, line: string): void {
    this.batch.rejects.push({ lineNo, reason, sample: rejectSample(line) });
    this.batch.counts.lines++;
    this.batch.counts.rejected++;
  }

  /** Counts lines of the open batch that were read as Latin-1, not being UTF-8. */
  addNotUtf8(lines: number): void {
    this.batch.counts.notUtf8 += lines;
  }

  /** Hands over everything accumulated since the last call, ending at `end`. */
  take(end: Batch['end']): Batch {
    const b = this.batch;
    b.end = end;
    b.serverId = this.lastServer.id;
    b.rows = this.rows.slice(0, b.rowCount * rowWidth);
    b.logs = this.logs.take();
    b.newEntries = this.pendingEntries.splice(0);
    b.otherTraffic = [...this.other.values()];
    b.changedDevices = [...this.changed.values()];
    this.reset();
    return b;
  }

  /**
   * Forgets the rows, rollups and rejects since the last take (their file broke
   * before they were committed; the next run reads them again) but keeps the
   * strings and devices they introduced: ids already handed out must still be
   * written before any later row uses them.
   */
  dropUncommitted(): void {
    const keep = { newDevices: this.batch.newDevices, changed: this.changed, serverIps: this.batch.serverIps };
    this.reset();
    this.batch.newDevices = keep.newDevices;
    this.batch.serverIps = keep.serverIps;
    this.changed = keep.changed;
  }

  private reset(): void {
    this.batch = {
      fileId: this.fileId, serverId: 0, rows: new Float64Array(0), logs: [], rowCount: 0, newEntries: [], newDevices: [], changedDevices: [],
      otherTraffic: [], serverIps: [], rejects: [],
      end: { offset: 0, lineNo: 0, fields: null, date: null },
      counts: { lines: 0, rejected: 0, direct: 0, proxy: 0, redirect: 0, other: 0, notUtf8: 0 },
    };
    this.other = new Map();
    this.changed = new Map();
    this.logs.take(); // drops the values of rows not handed over
  }
}
