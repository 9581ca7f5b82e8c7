/** Bad input the user can fix: each command prints it as one line `COMMAND: message` and exits `code`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
