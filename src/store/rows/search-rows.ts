import { filesInEventData } from '../../core/events/event-text.js';
import type { SourceDocument } from '../../core/search/index-entry.js';
import type { JsonObject, SearchSource } from '../../core/types.js';
import type { IndexHit } from '../search-port.js';

/**
 * Where each kind of document lives and how a row becomes a document: one
 * mapping for both backends, read by position for indexing and by id for
 * hydrating hits.
 */
export interface SourceTable {
  table: string;
  columns: string;
  toDocument(row: Record<string, unknown>): SourceDocument;
}

export const SOURCE_TABLES: Record<SearchSource, SourceTable> = {
  event: {
    table: 'events',
    columns: 'id, project_id, session_id, category, type, data, text, created_at',
    toDocument: (row) => ({
      source: 'event',
      ref: row.id as string,
      projectId: row.project_id as string,
      sessionId: row.session_id as string,
      kind: row.category as string,
      category: row.category as string,
      createdAt: row.created_at as string,
      text: row.text as string,
      files: filesInEventData(JSON.parse(row.data as string) as JsonObject),
    }),
  },
  memory: {
    table: 'memories',
    columns:
      'id, project_id, session_id, kind, content, title, category, tags, confidence, created_at, owner_member, team_id',
    toDocument: (row) => ({
      source: 'memory',
      ref: row.id as string,
      projectId: row.project_id as string | null,
      sessionId: row.session_id as string | null,
      kind: row.kind as string,
      createdAt: row.created_at as string,
      text: row.content as string,
      title: row.title as string | null,
      category: row.category as string | null,
      tags: JSON.parse(row.tags as string) as string[],
      confidence: row.confidence as number | null,
    }),
  },
  message: {
    table: 'messages',
    columns: 'id, project_id, session_id, role, content, created_at',
    toDocument: (row) => ({
      source: 'message',
      ref: row.id as string,
      projectId: row.project_id as string,
      sessionId: row.session_id as string,
      kind: row.role as string,
      role: row.role as string,
      createdAt: row.created_at as string,
      text: row.content as string,
    }),
  },
  checkpoint: {
    table: 'checkpoints',
    columns: 'id, project_id, session_id, name, summary, created_at',
    toDocument: (row) => ({
      source: 'checkpoint',
      ref: row.id as string,
      projectId: row.project_id as string,
      sessionId: row.session_id as string,
      kind: 'checkpoint',
      createdAt: row.created_at as string,
      title: row.name as string,
      text: (row.summary as string | null) ?? '',
    }),
  },
  handoff: {
    table: 'handoffs',
    columns: 'id, project_id, session_id, content, created_at',
    toDocument: (row) => ({
      source: 'handoff',
      ref: row.id as string,
      projectId: row.project_id as string,
      sessionId: row.session_id as string,
      kind: 'handoff',
      createdAt: row.created_at as string,
      text: row.content as string,
    }),
  },
};

/** A ranked index row as both backends select it (`doc_id` is the search row's id). */
export interface HitRow {
  doc_id: number;
  source: SearchSource;
  ref: string;
  project_id: string | null;
  session_id: string | null;
  kind: string;
  created_at: string;
  confidence: number | null;
  bm25: number;
}

export function toHit(row: HitRow): IndexHit {
  return {
    docId: row.doc_id,
    source: row.source,
    ref: row.ref,
    projectId: row.project_id,
    sessionId: row.session_id,
    kind: row.kind,
    createdAt: row.created_at,
    confidence: row.confidence,
    bm25: row.bm25,
  };
}
