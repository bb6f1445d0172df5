// The refusals an upload can meet, with stable codes the web app translates and a message that
// names what was found (the uploader needs to know what to fix).
import { AppError } from '@diemcau/protocol';

/** 415: not a kind we accept, or the name claims another kind. */
export const typeRefused = (message: string): AppError =>
  new AppError('file_type_refused', message, { field: 'file' });

/** 422: an accepted kind carrying something unsafe (macros, external references, OLE objects). */
export const unsafeFile = (message: string): AppError =>
  new AppError('file_unsafe', message, { field: 'file' });

/** 413: larger than the configured limit. */
export const tooLarge = (maxBytes: number): AppError =>
  new AppError('file_too_large', `the file is larger than ${sizeText(maxBytes)}`, { field: 'file' });

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.floor(bytes / 1024)} KB`;
