/**
 * Who is in the simulated organisation: the fixed cast (cast.ts) plus healthy
 * background users, with aliases, DeviceIds, addresses and home CAS. Pure: a
 * seed in, users and devices out.
 */
import { cast, type Base64Style, type CastRow, type Role } from './cast.js';
import { deviceModels, backgroundModelWeights, type DeviceModel, type ModelId } from './device-models.js';
import { createRng, type Rng } from './prng.js';
import {
  cas2010, mailboxServers, netbiosDomain, publicPrefixes, siteOfMailbox, type Cas2010, type Mailbox,
} from './scenario.js';

export interface SimUser {
  /** Lowercase alias, no domain. */
  alias: string;
  mailbox: Mailbox;
  mailboxServer: string;
}

export interface SimDevice {
  /** Stable label for forking this device's random stream. */
  key: string;
  user: SimUser;
  modelId: ModelId;
  model: DeviceModel;
  protocol: number;
  deviceId: string;
  role: Role;
  /** The CAS the load balancer's source-IP affinity sends it to. */
  homeCas: Cas2010;
  /** Pinned devices never land on the other CAS (the runaway stays in NYCAS10A's gzipped day). */
  pinned: boolean;
  /** Public addresses it connects from (carrier NAT changes now and then). */
  ips: readonly string[];
  /** The User= value as sent, already %-encoded. */
  userParam: string;
  policyKey: number;
  base64: Base64Style | null;
  /** One transient 503 somewhere, followed by success: still healthy. */
  transient503: boolean;
}

export interface Population {
  users: SimUser[];
  devices: SimDevice[];
}

const surnames = (
  'smith jones brown taylor wilson davies evans thomas johnson roberts walker wright robinson thompson ' +
  'white hughes edwards green hall wood harris lewis martin jackson clarke clark turner hill scott cooper ' +
  'morris ward moore king watson baker harrison morgan patel young allen mitchell james anderson phillips ' +
  'lee bell parker davis garcia miller murphy rivera cohen kelly sullivan rossi nguyen kim chen'
).split(' ');

const serialChars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function randomChars(rng: Rng, alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[rng.int(0, alphabet.length - 1)];
  return text;
}

function randomHex(rng: Rng, bytes: number): string {
  let text = '';
  for (let i = 0; i < bytes; i++) text += rng.int(0, 255).toString(16).padStart(2, '0');
  return text;
}

/** A Windows Mobile id whose 16 bytes are not all printable, so a decoder shows it as hex. */
function windowsMobileId(rng: Rng): string {
  for (;;) {
    const hex = randomHex(rng, 16).toUpperCase();
    const bytes = Buffer.from(hex, 'hex');
    if (bytes.some((b) => b < 0x21 || b > 0x7e)) return hex;
  }
}

const deviceIdMakers: Readonly<Record<DeviceModel['idStyle'], (rng: Rng) => string>> = {
  appl: (rng) => 'Appl' + randomChars(rng, serialChars, rng.chance(0.5) ? 11 : 12),
  android: (rng) => 'android' + randomChars(rng, '0123456789', 10),
  touchdown: (rng) => randomHex(rng, 8),
  'windows-mobile': windowsMobileId,
};

/** Hands out unique aliases and DeviceIds. */
interface Registry {
  aliases: Set<string>;
  deviceIds: Set<string>;
}

function newAlias(rng: Rng, registry: Registry): string {
  const base = randomChars(rng, 'abcdefghijklmnopqrstuvwxyz', 1) + rng.pick(surnames);
  let alias = base;
  for (let n = 2; registry.aliases.has(alias); n++) alias = base + n;
  registry.aliases.add(alias);
  return alias;
}

function newUser(rng: Rng, registry: Registry, mailbox: Mailbox): SimUser {
  return { alias: newAlias(rng, registry), mailbox, mailboxServer: rng.pick(mailboxServers[mailbox]) };
}

/** A device's part of a cast row: everything but the user it belongs to. */
type DeviceChoice = Omit<CastRow, 'tag' | 'mailbox'>;

function newDevice(seed: number, registry: Registry, user: SimUser, choice: DeviceChoice): SimDevice {
  const rng = createRng(seed, `device:${user.alias}:${registry.deviceIds.size}`);
  const model: DeviceModel = deviceModels[choice.model];
  let deviceId = deviceIdMakers[model.idStyle](rng);
  while (registry.deviceIds.has(deviceId)) deviceId = deviceIdMakers[model.idStyle](rng);
  registry.deviceIds.add(deviceId);
  const prefixes = publicPrefixes[siteOfMailbox[user.mailbox]];
  const ips = Array.from({ length: rng.int(1, 2) }, () => `${rng.pick(prefixes)}.${rng.int(0, 255)}.${rng.int(1, 254)}`);
  const base64 = model.base64Query
    ? (choice.base64 ?? { userTag: rng.chance(0.5), percentEncoded: rng.chance(0.3), binaryId: rng.chance(0.7) })
    : null;
  return {
    key: `${user.alias}/${deviceId}`,
    user,
    modelId: choice.model,
    model,
    protocol: choice.protocol ?? rng.pick(model.protocols),
    deviceId,
    role: choice.role,
    homeCas: choice.pin ?? rng.pick(cas2010),
    pinned: choice.pin !== undefined,
    ips,
    userParam: rng.chance(0.3) ? `${netbiosDomain}%5C${user.alias}` : user.alias,
    policyKey: rng.int(100_000_000, 4_000_000_000),
    base64,
    // A few background devices hit a one-off 503 too, so a single failure is not read as a problem.
    transient503: choice.transient503 ?? (choice.role === 'healthy' && rng.chance(0.03)),
  };
}

/** Mailbox mix of the background users. */
export type MailboxWeights = readonly (readonly [Mailbox, number])[];
export const scenarioMailboxWeights: MailboxWeights = [['ny2010', 85], ['lon2007', 15]];

/**
 * Builds the cast, then `totalUsers - castUsers` healthy background users (none
 * when totalUsers is smaller), 12% of them with a second device. With
 * includeCast false only background users are made (the benchmark).
 */
export function createPopulation(
  seed: number,
  totalUsers: number,
  mailboxWeights: MailboxWeights = scenarioMailboxWeights,
  includeCast = true,
): Population {
  const rng = createRng(seed, 'population');
  const registry: Registry = { aliases: new Set(), deviceIds: new Set() };
  const users: SimUser[] = [];
  const devices: SimDevice[] = [];
  if (includeCast) {
    const byTag = new Map<string, SimUser>();
    for (const row of cast) {
      let user = byTag.get(row.tag);
      if (user === undefined) {
        user = newUser(rng, registry, row.mailbox);
        byTag.set(row.tag, user);
        users.push(user);
      }
      devices.push(newDevice(seed, registry, user, row));
    }
  }
  const background = Math.max(0, totalUsers - users.length);
  for (let i = 0; i < background; i++) {
    const user = newUser(rng, registry, rng.weighted(mailboxWeights));
    users.push(user);
    const count = rng.chance(0.12) ? 2 : 1;
    for (let d = 0; d < count; d++) {
      devices.push(newDevice(seed, registry, user, { model: rng.weighted(backgroundModelWeights), role: 'healthy' }));
    }
  }
  return { users, devices };
}

/** The first cast device of a tag, for the scenario's special lines. */
export function findCastDevice(population: Population, tag: string): SimDevice {
  const index = cast.findIndex((row) => row.tag === tag);
  const device = population.devices[index];
  if (index === -1 || device === undefined) throw new Error(`no cast row ${tag}`);
  return device;
}
