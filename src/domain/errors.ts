/** Every failure the product reports on purpose carries one of these codes. */
export type AppErrorCode =
  | "invalid-argument"
  | "not-found"
  | "conflict"
  | "bad-file"
  | "database"
  | "unsupported"
  | "busy"
  /** Not signed in (HTTP 401). */
  | "unauthorized"
  /** Signed in, but the role may not do this (HTTP 403). */
  | "forbidden";

/**
 * The one error type for expected failures. `message` is a single actionable line for a person (what,
 * where, what was expected); the CLI prints it as is and the API answers `{ error: { code, message } }`.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  override readonly name = "AppError";

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
