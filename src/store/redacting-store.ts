import type { Entity, Relation } from '../core/graph/graph-types.js';
import { contentHash } from '../core/memory/content-hash.js';
import type { TrustedOperation } from '../core/permissions/permission-types.js';
import type { QualityRun } from '../core/quality/quality-types.js';
import { redactDeep, redactString } from '../core/redact/redact-secrets.js';
import type { Reminder } from '../core/reminders/reminder-types.js';
import { currentMember } from '../core/teams/acting-member.js';
import type { ContextSnapshot, Interaction, IssueFlag } from '../core/tracking/tracking-types.js';
import type { Checkpoint, Handoff, Memory, Message, Session } from '../core/types.js';
import type { GraphTouchBatch } from './graph-port.js';
import type { NewEvent, SessionEnd, Store } from './port.js';
import type { NewProjectGroup } from './projects-port.js';

/**
 * Redaction at the store boundary: every text a write method receives passes
 * the secret redactor before the backend sees it, whichever use case wrote it.
 */
export function withRedaction(inner: Store): Store {
  const redactNullable = (text: string | null) => (text === null ? null : redactString(text));
  const redacting: Partial<Store> = {
    insertSession: async (session: Session) => {
      await inner.insertSession({
        ...session,
        goal: redactNullable(session.goal),
        notes: redactNullable(session.notes),
      });
      // Teams: a session started while acting as a member is theirs (docs/teams.md).
      const member = currentMember();
      if (member !== null) await inner.setSessionOwner(session.id, member);
    },
    endSession: (id: string, end: SessionEnd, handoff: Handoff | null) =>
      inner.endSession(
        id,
        { ...end, notes: redactNullable(end.notes) },
        handoff && { ...handoff, content: redactString(handoff.content) },
      ),
    appendEvent: (event: NewEvent) =>
      inner.appendEvent({
        ...event,
        type: redactString(event.type),
        data: redactDeep(event.data),
        text: redactString(event.text),
      }),
    insertMemory: (memory: Memory) => inner.insertMemory(redactMemory(memory)),
    insertMemories: (memories: Memory[]) => inner.insertMemories(memories.map(redactMemory)),
    appendMessages: (messages: Message[]) =>
      inner.appendMessages(
        messages.map((message) => ({
          ...message,
          content: redactString(message.content),
          meta: redactDeep(message.meta),
        })),
      ),
    insertCheckpoint: (checkpoint: Checkpoint, keepAuto: number) =>
      inner.insertCheckpoint(
        {
          ...checkpoint,
          name: redactString(checkpoint.name),
          summary: redactNullable(checkpoint.summary),
          state: redactDeep(checkpoint.state),
        },
        keepAuto,
      ),
    insertInteraction: (interaction: Interaction) =>
      inner.insertInteraction({
        ...interaction,
        prompt: redactString(interaction.prompt),
        responseSummary: redactString(interaction.responseSummary),
        files: interaction.files.map(redactString),
      }),
    insertQualityRun: (run: QualityRun) =>
      inner.insertQualityRun({
        ...run,
        command: redactString(run.command),
        outputHead: redactString(run.outputHead),
        outputTail: redactString(run.outputTail),
        failures: run.failures.map(redactString),
      }),
    insertIssue: (issue: IssueFlag) =>
      inner.insertIssue({ ...issue, description: redactString(issue.description) }),
    insertContextSnapshot: (snapshot: ContextSnapshot) =>
      inner.insertContextSnapshot({
        ...snapshot,
        name: redactString(snapshot.name),
        content: redactNullable(snapshot.content),
        state: redactDeep(snapshot.state),
      }),
    insertReminder: (reminder: Reminder) =>
      inner.insertReminder({
        ...reminder,
        text: redactString(reminder.text),
        when: redactString(reminder.when),
      }),
    // A grant is matched as stored, so revoking redacts the same way granting did.
    grantPermission: (grant: TrustedOperation) =>
      inner.grantPermission({ ...grant, operation: redactString(grant.operation) }),
    revokePermission: (operation: string, projectId: string | null) =>
      inner.revokePermission(redactString(operation), projectId),
    // Graph: entity names are matched as stored, so lookups by name redact the same way.
    upsertEntity: (entity: Entity) =>
      inner.upsertEntity({
        ...entity,
        name: redactString(entity.name),
        properties: redactDeep(entity.properties),
      }),
    findEntityByName: (projectId: string, type: Entity['type'], name: string) =>
      inner.findEntityByName(projectId, type, redactString(name)),
    upsertRelation: (relation: Relation) =>
      inner.upsertRelation({ ...relation, properties: redactDeep(relation.properties) }),
    touchGraph: (batch: GraphTouchBatch) =>
      inner.touchGraph({
        ...batch,
        entities: batch.entities.map((touch) => ({ ...touch, name: redactString(touch.name) })),
        relations: batch.relations.map((touch) => ({
          ...touch,
          from: { ...touch.from, name: redactString(touch.from.name) },
          to: { ...touch.to, name: redactString(touch.to.name) },
        })),
      }),
    addToProjectGroup: (group: NewProjectGroup, projectIds: string[]) =>
      inner.addToProjectGroup({ ...group, description: redactNullable(group.description) }, projectIds),
  };
  return new Proxy(inner, {
    get(target, property, receiver) {
      const override = redacting[property as keyof Store];
      if (override) return override;
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A memory with its texts redacted; the dedupe hash is taken over what is actually stored. */
function redactMemory(memory: Memory): Memory {
  const content = redactString(memory.content);
  return {
    ...memory,
    content,
    contentHash: content === memory.content ? memory.contentHash : contentHash(content),
    title: memory.title === null ? null : redactString(memory.title),
    category: memory.category === null ? null : redactString(memory.category),
    tags: memory.tags.map(redactString),
  };
}
