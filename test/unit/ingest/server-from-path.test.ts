import { describe, expect, it } from 'vitest';
import { serverFromPath } from '../../../src/ingest/discover-files.js';

describe('serverFromPath', () => {
  it('when logs sit in a server folder, with or without W3SVC<n> below it, then that folder names the CAS', () => {
    expect(serverFromPath('/cases/migration/NYCAS10A/W3SVC1/u_ex101004.log')).toBe('NYCAS10A');
    expect(serverFromPath('/cases/migration/NYCAS10A/w3svc2/u_ex101004.log')).toBe('NYCAS10A');
    expect(serverFromPath('/cases/migration/NEWYORK07/ex101004.log.gz')).toBe('NEWYORK07');
  });

  it("when logs sit in IIS's own layout or a generic folder then no folder names the CAS", () => {
    expect(serverFromPath('/mnt/c/inetpub/logs/LogFiles/W3SVC1/u_ex101004.log')).toBeNull();
    expect(serverFromPath('/home/admin/logs/u_ex101004.log')).toBeNull();
    expect(serverFromPath('/W3SVC1/u_ex101004.log')).toBeNull();
    expect(serverFromPath('/u_ex101004.log')).toBeNull();
  });
});
