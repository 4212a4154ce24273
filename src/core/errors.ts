/**
 * A problem with what the caller sent. Faces turn it into an `isError` tool
 * result or exit code 1; `field` and `rule` let the caller fix and retry.
 */
export class UserError extends Error {
  readonly field: string | null;
  readonly rule: string;

  constructor(field: string | null, rule: string, hint?: string) {
    super(`${field ? `\`${field}\` ` : ''}${rule}${hint ? `. ${hint}` : ''}`);
    this.name = 'UserError';
    this.field = field;
    this.rule = rule;
  }
}

export class NotFoundError extends UserError {
  constructor(field: string, what: string, hint?: string) {
    super(field, `${what} was not found`, hint);
    this.name = 'NotFoundError';
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
