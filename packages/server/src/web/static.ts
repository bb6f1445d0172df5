// Serves the built web app from its folder, with the single-page fallback for client-side routes
// (/m/<id>…). Hashed assets are cached for a year; index.html never, so updates reach kiosks.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker is an ES module file; browsers refuse a worker script of another type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
};

/** Registers the web app when it is built; returns false (API only) when it is not. */
export function registerWebApp(app: FastifyInstance, dist: string | null): boolean {
  if (!dist || !fs.existsSync(path.join(dist, 'index.html'))) return false;
  const root = fs.realpathSync(dist);
  const sendFile = (reply: FastifyReply, file: string, immutable: boolean): FastifyReply => {
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return reply
      .header('content-type', type)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(fs.createReadStream(file));
  };
  app.setNotFoundHandler((req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply.code(404).send({ code: 'not_found', message: 'not found' });
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pathname.startsWith('/api/') || pathname === '/ws') {
      return reply.code(404).send({ code: 'not_found', message: 'not found' });
    }
    // NOTE: resolve and compare real paths so that '..' or a symlink cannot leave the web folder.
    const candidate = path.resolve(root, '.' + pathname);
    if (
      candidate.startsWith(root + path.sep) &&
      fs.existsSync(candidate) &&
      fs.statSync(candidate).isFile()
    ) {
      const real = fs.realpathSync(candidate);
      if (real.startsWith(root + path.sep)) return sendFile(reply, real, pathname.startsWith('/assets/'));
    }
    if (path.extname(pathname) !== '')
      return reply.code(404).send({ code: 'not_found', message: 'not found' });
    return sendFile(reply, path.join(root, 'index.html'), false);
  });
  return true;
}
