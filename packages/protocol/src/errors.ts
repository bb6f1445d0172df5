// Stable error codes and the one error base class every layer throws. The code is the contract
// with clients (they translate it); the message is for logs and developers.

/** Every error code the system can put on the wire or in an HTTP body. Never rename one. */
export const ERROR_CODES = [
  'bad_message',
  'validation_failed',
  'not_joined',
  'already_joined',
  'meeting_not_found',
  'meeting_full',
  'media_unavailable',
  'publish_failed',
  'subscribe_failed',
  'rate_limited',
  'not_found',
  'unauthorized',
  'forbidden',
  'csrf_failed',
  'account_locked',
  'totp_required',
  'conflict',
  'lobby_waiting',
  'wrong_state',
  'meeting_locked',
  'file_too_large',
  'file_type_refused',
  'file_unsafe',
  /** A document that not every invitee may see (or has no PDF) cannot be presented to the room. */
  'not_presentable',
  'conclusions_not_approved',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_message: 400,
  validation_failed: 400,
  not_joined: 409,
  already_joined: 409,
  meeting_not_found: 404,
  meeting_full: 409,
  media_unavailable: 503,
  publish_failed: 502,
  subscribe_failed: 502,
  rate_limited: 429,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  account_locked: 423,
  totp_required: 401,
  conflict: 409,
  lobby_waiting: 403,
  wrong_state: 409,
  meeting_locked: 403,
  file_too_large: 413,
  file_type_refused: 415,
  file_unsafe: 422,
  not_presentable: 409,
  conclusions_not_approved: 409,
  internal: 500,
};

export interface AppErrorOptions {
  /** The offending field, as a dotted path, when the error is about one input field. */
  field?: string;
  cause?: unknown;
}

/** Base class of every error we raise on purpose. `code` is stable; `status` is the HTTP status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = HTTP_STATUS[code];
    this.field = options.field;
  }

  static badMessage(message: string, field?: string): AppError {
    return new AppError('bad_message', message, field === undefined ? {} : { field });
  }

  static notJoined(): AppError {
    return new AppError('not_joined', 'join the meeting first');
  }

  static meetingNotFound(meetingId: string): AppError {
    return new AppError('meeting_not_found', `no meeting ${meetingId}`, { field: 'meetingId' });
  }

  static mediaUnavailable(cause?: unknown): AppError {
    return new AppError('media_unavailable', 'the media server is not available', { cause });
  }

  static unauthorized(message = 'sign in first'): AppError {
    return new AppError('unauthorized', message);
  }

  static forbidden(message = 'not allowed'): AppError {
    return new AppError('forbidden', message);
  }

  static notFound(what: string, field?: string): AppError {
    return new AppError('not_found', `${what} not found`, field === undefined ? {} : { field });
  }

  static validation(message: string, field: string): AppError {
    return new AppError('validation_failed', message, { field });
  }

  static internal(cause?: unknown): AppError {
    return new AppError('internal', 'internal error', { cause });
  }
}

/** Wraps anything thrown into an AppError, keeping the original as `cause`. */
export function toAppError(err: unknown): AppError {
  return err instanceof AppError ? err : AppError.internal(err);
}
