import { describe, expect, it } from 'vitest';
import { ipv4Code } from '../../../src/ingest/ipv4-code.js';

describe('ipv4Code', () => {
  it('when an address is IPv4 as IIS writes it then it becomes the integer of its octets', () => {
    expect(ipv4Code('10.0.0.5')).toBe(0x0a000005);
    expect(ipv4Code('0.0.0.0')).toBe(0);
    expect(ipv4Code('198.51.100.7')).toBe(198 * 2 ** 24 + 51 * 2 ** 16 + 100 * 256 + 7);
    expect(ipv4Code('255.255.255.255')).toBe(2 ** 32 - 1);
  });

  it('when an address is anything else then it has no code', () => {
    for (const ip of ['2001:db8::1', '::ffff:10.0.0.5', '10.0.0', '10.0.0.5.6', '10.0.0.256', '10.00.0.5', '010.0.0.5', '10.0.0.1000', '10..0.5', '10.0.0.', '.10.0.0', '', '-', '1e1.0.0.5', ' 10.0.0.5']) {
      expect(ipv4Code(ip), ip).toBeNull();
    }
  });
});
