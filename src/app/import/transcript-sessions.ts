import type { Session } from '../../core/types.js';
import type {
  TranscriptMessage,
  TranscriptSessionInfo,
  TranscriptSource,
} from '../../importers/transcript-types.js';
import type { AppDeps } from '../deps.js';
import { ensureImportedSession, importedSessionId } from '../messages/imported-session.js';
import { projectForTranscript } from './transcript-project.js';

/**
 * The deja sessions of the conversations in one transcript file: one per
 * conversation id (prefixed by its source), created on first sight with the
 * project of the folder the assistant ran in, found again on later imports.
 */
export class TranscriptSessions {
  private readonly described = new Map<string, TranscriptSessionInfo>();
  private readonly resolved = new Map<string, Session>();

  constructor(
    private readonly deps: AppDeps,
    private readonly source: TranscriptSource,
  ) {}

  /** What the transcript says about a conversation; later facts fill gaps left by earlier ones. */
  describe(info: TranscriptSessionInfo): void {
    const known = this.described.get(info.externalId);
    if (!known) {
      this.described.set(info.externalId, info);
      return;
    }
    this.described.set(info.externalId, {
      ...known,
      cwd: known.cwd ?? info.cwd,
      gitBranch: known.gitBranch ?? info.gitBranch,
      model: known.model ?? info.model,
      clientVersion: known.clientVersion ?? info.clientVersion,
      timestamp: known.timestamp ?? info.timestamp,
      parentExternalId: known.parentExternalId ?? info.parentExternalId,
    });
  }

  /** The session of a conversation, created from its description and first messages if new. */
  async resolve(externalId: string, messages: TranscriptMessage[]): Promise<Session> {
    const cached = this.resolved.get(externalId);
    if (cached) return cached;
    const key = `${this.source}:${externalId}`;
    const session =
      (await this.deps.store.getSession(importedSessionId(key))) ??
      (await this.create(key, externalId, messages));
    this.resolved.set(externalId, session);
    return session;
  }

  /** Ids of every session this file's import wrote to. */
  touched(): string[] {
    return [...this.resolved.values()].map((session) => session.id);
  }

  private async create(key: string, externalId: string, messages: TranscriptMessage[]): Promise<Session> {
    const info = this.described.get(externalId);
    const project = await projectForTranscript(this.deps, info?.cwd ?? null);
    // ISO-8601 UTC instants sort as text.
    const times = messages
      .map((message) => message.timestamp)
      .filter((time) => time.length > 0)
      .sort();
    const startedAt = info?.timestamp || times[0] || this.deps.clock.now().toISOString();
    return ensureImportedSession(this.deps, {
      project,
      externalId: key,
      startedAt,
      endedAt: [startedAt, ...times].sort().at(-1) ?? startedAt,
      model: info?.model ?? messages.find((message) => message.model)?.model ?? null,
      branch: info?.gitBranch ?? null,
      ...(info?.cwd ? { workdir: info.cwd } : {}),
      clientName: this.source,
    });
  }
}
