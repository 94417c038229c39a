/**
 * The query a device sends, before Exchange appends &Log=: the plain form
 * (MS-ASHTTP 2.2.1.1.1.2) or, for Windows Mobile, the base64 form (2.2.1.1.1.1).
 */
import { encodeBase64Query, optionBits, parameterTags, percentEncodeBase64, type EasCommand } from './base64-query.js';
import type { SimDevice } from './population.js';

/** Base64 queries per device and command: the same bytes every time, so encode them once. */
const base64Cache = new WeakMap<SimDevice, Map<EasCommand, string>>();

function base64Query(device: SimDevice, style: NonNullable<SimDevice['base64']>, cmd: EasCommand): string {
  let perCommand = base64Cache.get(device);
  if (perCommand === undefined) {
    perCommand = new Map();
    base64Cache.set(device, perCommand);
  }
  const cached = perCommand.get(cmd);
  if (cached !== undefined) return cached;
  const parameters: { tag: number; value: string | Uint8Array }[] = [];
  if (cmd === 'SendMail') parameters.push({ tag: parameterTags.Options, value: Uint8Array.of(optionBits.SaveInSent) });
  if (style.userTag) parameters.push({ tag: parameterTags.User, value: device.user.alias });
  const blob = encodeBase64Query({
    protocol: device.protocol,
    command: cmd,
    locale: 0x0409,
    deviceId: style.binaryId ? Buffer.from(device.deviceId, 'hex') : device.deviceId,
    policyKey: device.policyKey,
    deviceType: device.model.deviceType,
    parameters,
  });
  const query = style.percentEncoded ? percentEncodeBase64(blob) : blob;
  perCommand.set(cmd, query);
  return query;
}

/** The part of the query before &Log=: plain (MS-ASHTTP 2.2.1.1.1.2) or base64 (2.2.1.1.1.1). */
export function deviceQuery(device: SimDevice, cmd: EasCommand | null): string {
  if (device.base64 !== null && cmd !== null) return base64Query(device, device.base64, cmd);
  const who = `User=${device.userParam}&DeviceId=${device.deviceId}&DeviceType=${device.model.deviceType}`;
  if (cmd === null) return who;
  const extra = cmd === 'SendMail' || cmd === 'SmartReply' ? '&SaveInSent=T' : '';
  return device.model.cmdFirst ? `Cmd=${cmd}&${who}${extra}` : `${who}&Cmd=${cmd}${extra}`;
}
