import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ProjectFiles } from '../../core/plugins/plugin.js';

/** Plugin state files larger than this are ignored (they are small markdown/JSON files). */
const MAX_FILE_BYTES = 1024 * 1024;

/** Read-only access to a project folder for plugins; paths outside it read as absent. */
export function fsProjectFiles(root: string): ProjectFiles {
  const inside = (path: string): string | null => {
    const absolute = resolve(root, path);
    const rel = relative(root, absolute);
    return rel.startsWith('..') || isAbsolute(rel) ? null : absolute;
  };
  return {
    read(path) {
      const absolute = inside(path);
      if (!absolute) return null;
      try {
        const stat = statSync(absolute);
        if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return null;
        return readFileSync(absolute, 'utf8');
      } catch {
        return null;
      }
    },
    list(path, dirsOnly = false) {
      const absolute = inside(path);
      if (!absolute) return [];
      try {
        return readdirSync(absolute, { withFileTypes: true })
          .filter((entry) => !dirsOnly || entry.isDirectory())
          .map((entry) => entry.name)
          .sort();
      } catch {
        return [];
      }
    },
  };
}
