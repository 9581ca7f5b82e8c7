/** Bad input the user can fix: printed as one line `trace-q: message`, exit `code`. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
