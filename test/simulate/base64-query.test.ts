import { describe, expect, test } from 'vitest';
import {
  commandCodes, encodeBase64Query, encodeBase64QueryBytes, parameterTags, percentEncodeBase64,
} from '../../src/simulate/base64-query.js';

/** A minimal reader of the MS-ASHTTP layout, to prove the encoder round-trips (the product's decoder is not used here). */
function readBase64Query(text: string) {
  const bytes = Buffer.from(decodeURIComponent(text), 'base64');
  let at = 4;
  const idLength = bytes[at++]!;
  const deviceId = bytes.subarray(at, at + idLength);
  at += idLength;
  const keyLength = bytes[at++]!;
  const policyKey = keyLength === 4 ? bytes.readUInt32LE(at) : null;
  at += keyLength;
  const typeLength = bytes[at++]!;
  const deviceType = bytes.toString('latin1', at, at + typeLength);
  at += typeLength;
  const parameters: { tag: number; value: Buffer }[] = [];
  while (at < bytes.length) {
    const tag = bytes[at]!;
    const length = bytes[at + 1]!;
    parameters.push({ tag, value: bytes.subarray(at + 2, at + 2 + length) });
    at += 2 + length;
  }
  return { protocol: bytes[0], command: bytes[1], locale: bytes.readUInt16LE(2), deviceId, policyKey, deviceType, parameters };
}

describe('base64 query encoder (MS-ASHTTP 2.2.1.1.1.1)', () => {
  test('when given the spec example then it writes the golden vector of domain.md 2.3 (F5)', () => {
    const fields = { protocol: 140, command: 'Sync', locale: 0x0409, deviceId: 'v140Device', policyKey: null, deviceType: 'SmartPhone' } as const;
    expect(encodeBase64Query(fields)).toBe('jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l');
    expect(encodeBase64QueryBytes(fields).toString('hex')).toBe(
      '8c000904' + '0a' + Buffer.from('v140Device').toString('hex') + '00' + '0a' + Buffer.from('SmartPhone').toString('hex'),
    );
  });

  test('when the golden vector is read back then every field matches', () => {
    const read = readBase64Query('jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l');
    expect(read).toMatchObject({ protocol: 140, command: commandCodes.Sync, locale: 0x0409, policyKey: null, deviceType: 'SmartPhone', parameters: [] });
    expect(read.deviceId.toString('latin1')).toBe('v140Device');
  });

  test('when a GUID id, a policy key and parameters are given then they round-trip', () => {
    const guid = Buffer.from('09310B008B41CF1128000050BF3F5173', 'hex');
    const text = encodeBase64Query({
      protocol: 121, command: 'SendMail', locale: 0x0409, deviceId: guid, policyKey: 3_942_067_117, deviceType: 'PocketPC',
      parameters: [{ tag: parameterTags.Options, value: Uint8Array.of(1) }, { tag: parameterTags.User, value: 'jsmith' }],
    });
    const read = readBase64Query(text);
    expect(read).toMatchObject({ protocol: 121, command: 1, policyKey: 3_942_067_117, deviceType: 'PocketPC' });
    expect(read.deviceId.toString('hex').toUpperCase()).toBe('09310B008B41CF1128000050BF3F5173');
    expect(read.parameters.map((p) => [p.tag, p.value.toString('latin1')])).toEqual([[7, '\u0001'], [8, 'jsmith']]);
  });

  test('when percent-encoded then only + / = change and decoding gives the blob back', () => {
    const blob = 'ab+c/d==';
    expect(percentEncodeBase64(blob)).toBe('ab%2Bc%2Fd%3D%3D');
    expect(decodeURIComponent(percentEncodeBase64(blob))).toBe(blob);
  });
});
