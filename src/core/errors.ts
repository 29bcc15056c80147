/**
 * The one application error type. `code` is stable (tests and callers switch on it);
 * `message` is the Portuguese sentence a user reads in Slack or the CLI, saying what to do.
 */
export type ErrorCode =
  | 'invalid_definition'
  | 'view_not_found'
  | 'view_ambiguous'
  | 'view_name_taken'
  | 'forbidden'
  | 'salesperson_not_found'
  | 'not_linked'
  | 'invalid_input'
  | 'import_invalid'
  | 'config_invalid'
  | 'subscription_not_found'
  | 'project_not_found';

export class CarteiraError extends Error {
  override name = 'CarteiraError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function isCarteiraError(e: unknown): e is CarteiraError {
  return e instanceof CarteiraError;
}
