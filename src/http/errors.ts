import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { isUserError, NotFoundError } from '../core/errors.js';
import { describeIssue } from '../core/validation.js';

/** The JSON body of every API error: which field, which rule, and a sentence to show. */
export interface ApiErrorBody {
  error: { field: string | null; rule: string; message: string };
}

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly field: string | null,
    readonly rule: string,
    message?: string,
  ) {
    super(message ?? `${field ? `\`${field}\` ` : ''}${rule}`);
    this.name = 'HttpError';
  }
}

/** Maps what a use case threw to a status and an error body; unknown errors are 500 without details. */
export function toApiError(error: unknown): { status: ContentfulStatusCode; body: ApiErrorBody } {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { field: error.field, rule: error.rule, message: error.message } },
    };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'input';
    const rule = issue ? describeIssue(issue) : 'is invalid';
    return { status: 400, body: { error: { field, rule, message: `\`${field}\` ${rule}` } } };
  }
  if (isUserError(error)) {
    return {
      status: error instanceof NotFoundError ? 404 : 400,
      body: { error: { field: error.field, rule: error.rule, message: error.message } },
    };
  }
  return {
    status: 500,
    body: { error: { field: null, rule: 'internal error', message: 'internal error: see the server log' } },
  };
}

export function jsonError(
  c: Context,
  status: ContentfulStatusCode,
  field: string | null,
  rule: string,
  message?: string,
) {
  return c.json<ApiErrorBody>(
    { error: { field, rule, message: message ?? `${field ? `\`${field}\` ` : ''}${rule}` } },
    status,
  );
}
