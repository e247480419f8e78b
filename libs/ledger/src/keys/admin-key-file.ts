import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 2026-11-27T08:05:59.123Z -> 20261127T080559123Z: sortable, and a valid file name everywhere. */
const stampOf = (instant: Date) => instant.toISOString().replace(/[-:.]/g, '');

/**
 * Writes a new admin key to a file only its owner can read, in an existing directory, and
 * returns its path. A key file already there is never overwritten: it may be the only copy of
 * a key that still opens another store (or this one, restored), so the new key goes beside it
 * under a name of its own.
 */
export const writeAdminKeyFile = (dataDir: string, key: string, now = new Date()): string => {
  const names = ['admin.key', `admin-${stampOf(now)}.key`];
  for (let attempt = 0; ; attempt++) {
    const file = join(dataDir, names[attempt] ?? `admin-${stampOf(now)}-${attempt}.key`);
    try {
      writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' }); // wx: only a file that was not there
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    chmodSync(file, 0o600); // exactly, whatever the umask took away
    return file;
  }
};
