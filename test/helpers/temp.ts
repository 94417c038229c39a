import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asd-test-'));
  made.push(dir);
  return dir;
}

/** A temp copy of a folder under test/fixtures/, so tests can append to or replace its files. */
export function copyFixture(name: string): string {
  const dir = join(tempDir(), name.replaceAll('/', '_'));
  cpSync(join(import.meta.dirname, '..', 'fixtures', name), dir, { recursive: true });
  return dir;
}
