// The response splitter must cope with responses cut anywhere and several in one chunk.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseParser, runLoad } from './http-load.js';

const response = (status: number, body: string): string =>
  `HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('ResponseParser', () => {
  it('splits pipelined responses and waits for partial ones', () => {
    const bytes = Buffer.from(response(200, '{"ok":true}') + response(404, 'nope') + response(200, 'abc'));
    const parser = new ResponseParser();
    const cut = bytes.length - 2;
    expect(parser.push(bytes.subarray(0, 10))).toEqual([]);
    expect(parser.push(bytes.subarray(10, cut))).toEqual([200, 404]);
    expect(parser.push(bytes.subarray(cut))).toEqual([200]);
  });
  it('refuses what it cannot frame', () => {
    expect(() => new ResponseParser().push(Buffer.from('garbage\r\n\r\n'))).toThrow();
    expect(() =>
      new ResponseParser().push(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')),
    ).toThrow(/chunked/);
  });
});

describe('runLoad', () => {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(req.url === '/ok' ? 200 : 500, { 'content-length': '2' });
      res.end('hi');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address();
    port = typeof addr === 'object' && addr ? addr.port : 0;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('counts requests and errors over keep-alive connections', async () => {
    const ok = await runLoad({ port, path: '/ok', connections: 2, durationMs: 200, warmupMs: 50 });
    expect(ok.requests).toBeGreaterThan(10);
    expect(ok.errors).toBe(0);
    const bad = await runLoad({ port, path: '/bad', connections: 1, durationMs: 100, warmupMs: 0 });
    expect(bad.errors).toBe(bad.requests);
  });
});
