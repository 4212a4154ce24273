import { createHash } from 'node:crypto';

/**
 * The normalised form two memories are compared by: Unicode NFC, whitespace
 * runs collapsed, trimmed, lowercased. "Use  WAL\nmode" and "use wal mode" are
 * the same memory.
 */
export function normaliseContent(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** SHA-256 (hex) of the normalised text: the deduplication key of memories and insights. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseContent(text)).digest('hex');
}
