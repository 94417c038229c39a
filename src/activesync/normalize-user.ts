import { decodePercent } from './plain-query.js';

/**
 * One identity has three spellings (`COMPANY\user`, `User=user`,
 * `User=COMPANY%5Cuser`, performance.md trap 7): lowercase it and drop the
 * domain before any key is built. Returns '' for none (`-` or empty).
 */
export function normalizeUser(raw: string | null | undefined): string {
  if (!raw || raw === '-') return '';
  const decoded = decodePercent(raw).trim().toLowerCase();
  const slash = decoded.lastIndexOf('\\');
  return slash === -1 ? decoded : decoded.slice(slash + 1);
}
