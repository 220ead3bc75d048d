/** What kind of failure a domain error is; the HTTP layer maps kinds to status codes. */
export type DomainErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large'
  | 'unsupported' | 'unprocessable' | 'unavailable';

/** Domain code throws these, never HttpException: the same code runs in jobs and the CLI. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string, // Chinese, for people
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
