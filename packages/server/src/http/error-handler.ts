// The one mapping from thrown errors to HTTP answers, used by the app and by every route test
// harness: an AppError gives its status with {code, message, field?}; anything else gives its
// status (or 500) without a stack trace.
import { AppError } from '@diemcau/protocol';
import type { FastifyInstance } from 'fastify';

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof AppError) {
      return reply
        .code(err.status)
        .send({ code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) });
    }
    const statusCode = (err as { statusCode?: unknown }).statusCode;
    const status = typeof statusCode === 'number' ? statusCode : 500;
    if (status >= 500) app.log.error({ err }, 'request failed');
    return reply.code(status).send({
      code: status >= 500 ? 'internal' : 'bad_message',
      message: status >= 500 ? 'internal error' : (err as Error).message,
    });
  });
}
