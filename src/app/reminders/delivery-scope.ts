import { AsyncLocalStorage } from 'node:async_hooks';
import type { Reminder } from '../../core/reminders/reminder-types.js';

/**
 * Where due reminders may be delivered right now. A face that shows its
 * result to the assistant (an MCP tool call) runs inside a scope; the welcome
 * built inside one claims the project's due reminders and lists them, and the
 * scope remembers them so that the tool result does not repeat them. A
 * welcome built outside any scope (the automatic session start, whose welcome
 * nobody reads) leaves them pending for the next tool result.
 */
export interface DeliveryScope {
  delivered: Reminder[];
}

const scopes = new AsyncLocalStorage<DeliveryScope>();

export function runWithDelivery<T>(scope: DeliveryScope, work: () => Promise<T>): Promise<T> {
  return scopes.run(scope, work);
}

export function currentDeliveryScope(): DeliveryScope | undefined {
  return scopes.getStore();
}
