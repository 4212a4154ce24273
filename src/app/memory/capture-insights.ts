import { newId } from '../../core/ids.js';
import { extractInsights } from '../../core/insights/extract-insights.js';
import type { JsonValue } from '../../core/types.js';
import type { AppDeps } from '../deps.js';

export interface InsightOrigin {
  projectId: string;
  sessionId: string | null;
}

/**
 * Automatic insight capture (PRODUCT.md §3): every `★ Insight` block in the
 * given texts is stored as an `insight` memory of the session and project;
 * the same insight twice is stored once. Returns the ids of new insights.
 */
export async function captureInsights(
  deps: AppDeps,
  texts: string[],
  origin: InsightOrigin,
): Promise<string[]> {
  const created: string[] = [];
  for (const text of texts) {
    for (const insight of extractInsights(text)) {
      const now = deps.clock.now();
      const { memory, deduplicated } = await deps.store.insertMemory({
        id: newId(now),
        projectId: origin.projectId,
        sessionId: origin.sessionId,
        kind: 'insight',
        content: insight.text,
        contentHash: insight.hash,
        title: null,
        category: null,
        tags: [],
        confidence: null,
        source: 'insight',
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      });
      if (!deduplicated) created.push(memory.id);
    }
  }
  return created;
}

/** Every string inside a JSON value that could hold an insight block. */
export function stringsWithInsights(value: JsonValue): string[] {
  if (typeof value === 'string') return value.includes('★') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(stringsWithInsights);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsWithInsights);
  return [];
}
