import { detach } from '../text/detach.js';
import { decodePercent } from './plain-query.js';

/**
 * One identity has three spellings (`COMPANY\user`, `User=user`,
 * `User=COMPANY%5Cuser`, performance.md trap 7): lowercase it and drop the
 * domain before any key is built. Returns '' for none (`-` or empty).
 */
export function normalizeUser(raw: string | null | undefined): string {
  if (!raw || raw === '-') return '';
  let user = known.get(raw);
  if (user === undefined) {
    const decoded = decodePercent(raw).trim().toLowerCase();
    const slash = decoded.lastIndexOf('\\');
    user = detach(slash === -1 ? decoded : decoded.slice(slash + 1));
    if (known.size >= 100_000) known.clear();
    known.set(detach(raw), user);
  }
  return user;
}

/** Spellings already normalised: a log repeats each user's spelling thousands of times. */
const known = new Map<string, string>();
