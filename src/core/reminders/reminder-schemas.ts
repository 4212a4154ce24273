import { z } from 'zod';

export const reminderCreateInput = z.object({
  text: z.string().trim().min(1).max(2000).describe('What to be reminded of'),
  when: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(
      'Natural language: "in 2 hours", "tomorrow at 9am", "next friday 17:00", "every Monday at 10", "every 2 weeks on tuesday"',
    ),
  project: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .optional()
    .describe('project id, name or path (default: the current project); "global" for every project'),
});
export type ReminderCreateInput = z.infer<typeof reminderCreateInput>;

export const reminderListInput = z.object({
  project: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .optional()
    .describe('project id, name or path (default: current)'),
  include_done: z.boolean().optional().describe('also list delivered one-off and cancelled reminders'),
  limit: z.number().int().min(1).max(500).optional(),
});
export type ReminderListInput = z.infer<typeof reminderListInput>;

export const reminderCancelInput = z.object({
  id: z.string().trim().min(1).max(64).describe('The reminder id'),
});
export type ReminderCancelInput = z.infer<typeof reminderCancelInput>;
