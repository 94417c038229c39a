/**
 * A problem the user can fix (bad flag, missing file, unknown query). The CLI
 * prints `message` and `hint` on one or two lines, without a stack trace, and
 * exits with `exitCode` (2 for usage errors, 1 for runtime failures).
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
