import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** A file found under the paths given on the command line. */
export interface FoundFile {
  path: string;
  size: number;
  /** The CAS the folder layout names (`<SERVER>/W3SVC1/u_ex….log`), null when it names none. */
  folderServer: string | null;
}

export interface Discovery {
  files: FoundFile[];
  /** Paths that could not be read, with the reason; the run goes on without them. */
  errors: { path: string; message: string }[];
}

/**
 * Folders that hold logs without naming a server: IIS's own layout
 * (`C:\inetpub\logs\LogFiles\W3SVC1`) copied as it is, or a generic folder.
 * Lines of files found there name their CAS by s-ip when they log no s-computername.
 */
const genericFolders = new Set(['', '.', '/', 'logfiles', 'logs', 'log', 'inetpub', 'iis']);

/** `<SERVER>/W3SVC1/u_ex….log` → SERVER; `<SERVER>/u_ex….log` → SERVER; `…/LogFiles/W3SVC1/u_ex….log` → null. */
export function serverFromPath(path: string): string | null {
  let folder = basename(dirname(path));
  if (/^W3SVC\d*$/i.test(folder)) folder = basename(dirname(dirname(path)));
  return genericFolders.has(folder.toLowerCase()) ? null : folder;
}

/** Lists regular files under each path (files as given, folders recursively), sorted for a stable order. */
export async function discoverFiles(paths: string[]): Promise<Discovery> {
  const files: FoundFile[] = [];
  const errors: Discovery['errors'] = [];
  async function visit(path: string): Promise<void> {
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const entries = await readdir(path);
        for (const entry of entries.sort()) await visit(join(path, entry));
      } else if (info.isFile()) {
        files.push({ path, size: info.size, folderServer: serverFromPath(resolve(path)) });
      }
    } catch (error) {
      errors.push({ path, message: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
    }
  }
  for (const path of paths) await visit(resolve(path));
  return { files, errors };
}
