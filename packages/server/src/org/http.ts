// Small pieces the org and device routes share: input parsing that turns a zod failure into
// 400 validation_failed with the offending field, and the dependency types the lead wires in.
import { AppError, OrgEntityIdSchema } from '@diemcau/protocol';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { userOf } from '../auth/guards.js';
import type { Viewer } from './service.js';
import { isForeignKeyViolation } from './sql-errors.js';

/** Parses `value` or throws 400 `validation_failed` naming the first offending field (dotted path). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
  throw AppError.validation(issue?.message ?? 'invalid input', field);
}

/** `:id` in a path. */
export const IdParams = z.object({ id: OrgEntityIdSchema });

/** The signed-in user as a directory viewer (401 for devices and anonymous callers). */
export function viewerOf(req: FastifyRequest): Viewer {
  const user = userOf(req);
  return { isAdmin: user.roles.includes('admin'), personId: user.personId };
}

/** Runs `fn`, turning a foreign-key refusal (another domain's rows still point here) into 409. */
export async function mapForeignKey<T>(message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new AppError('conflict', message, { cause: err });
    throw err;
  }
}

/** 409 conflict, e.g. deleting something still in use. */
export const conflict = (message: string, field?: string): AppError =>
  new AppError('conflict', message, field === undefined ? {} : { field });

export type { AuditEntry, AuditSink } from '../audit/log.js';

/** The time source; tests pass a controllable one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
