/**
 * Teams: a reminder belongs to the member who set it (`owner_member`, set by
 * the store from the acting member), so on a store several members share, one
 * member's reminders are neither listed for nor delivered to another. Reminders
 * set before this, or in single-user mode, have none: single-user only.
 */
export const reminderOwnersSchema = `
ALTER TABLE reminders ADD COLUMN owner_member TEXT;
`;
