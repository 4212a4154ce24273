/** Teams: a reminder belongs to the member who set it (SQLite's 017). */
export const reminderOwnersSchema = `
ALTER TABLE reminders ADD COLUMN owner_member text COLLATE "C";
`;
