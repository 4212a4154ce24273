import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Keeps a gzip copy of a transcript under `<home>/archive/<source>/`, at its
 * path relative to the user's home (Claude Code deletes old transcripts; the
 * copy outlives them). Written to a temporary file and renamed, so an
 * interrupted copy never replaces a good one.
 */
export async function archiveTranscript(
  dejaHome: string,
  userHome: string,
  file: { path: string; source: string },
): Promise<string> {
  const inside = relative(userHome, file.path);
  const name = !inside.startsWith('..') && !isAbsolute(inside) ? inside : file.path.replace(/^[/\\]+|:/g, '');
  const target = join(dejaHome, 'archive', file.source, `${name}.gz`);
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await pipeline(createReadStream(file.path), createGzip(), createWriteStream(temporary));
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return target;
}
