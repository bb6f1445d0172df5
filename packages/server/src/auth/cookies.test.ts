// Cookie header parsing and Set-Cookie serialization.
import { describe, expect, it } from 'vitest';
import { parseCookies, serializeCookie } from './cookies.js';
import { clearSessionCookie, sessionCookie } from './sessions.js';

describe('parseCookies', () => {
  it('parses pairs, trims, unquotes and decodes', () => {
    const c = parseCookies(' a=1; dc_session=abc-_DEF ;b="q v"; name=L%C3%AA');
    expect(Object.fromEntries(c)).toEqual({ a: '1', dc_session: 'abc-_DEF', b: 'q v', name: 'Lê' });
  });

  it('skips malformed pairs and bad escapes, keeps the first of duplicates', () => {
    const c = parseCookies('noequals; =x; bad=%E0%A4%A; dc_session=first; dc_session=second; ok=1');
    expect(Object.fromEntries(c)).toEqual({ dc_session: 'first', ok: '1' });
  });

  it('is empty for no header', () => {
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies('').size).toBe(0);
  });
});

describe('serializeCookie', () => {
  it('writes the attributes in a fixed order', () => {
    expect(
      serializeCookie('dc_session', 'tok', {
        maxAgeSeconds: 60,
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
      }),
    ).toBe('dc_session=tok; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax');
  });

  it('encodes the value and refuses a bad name', () => {
    expect(serializeCookie('n', 'a b;c')).toBe('n=a%20b%3Bc; Path=/');
    expect(() => serializeCookie('bad name', 'x')).toThrow();
  });

  it('session cookies: httpOnly, Lax, Secure only when asked; clearing sets Max-Age=0', () => {
    expect(sessionCookie('t', 604800, true)).toBe(
      'dc_session=t; Max-Age=604800; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(sessionCookie('t', 10, false)).toBe('dc_session=t; Max-Age=10; Path=/; HttpOnly; SameSite=Lax');
    expect(clearSessionCookie(true)).toBe('dc_session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax');
  });
});
