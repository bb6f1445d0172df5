// Turns a zod failure into our 400 error with the offending field, for the auth and audit routes.
import { AppError } from '@diemcau/protocol';
import type { z } from 'zod';

/** Parses `value` with `schema`, or throws validation_failed naming the first bad field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
  throw AppError.validation(issue?.message ?? 'invalid input', field);
}
