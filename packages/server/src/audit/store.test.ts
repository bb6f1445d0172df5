// The audit log on both engines: recording, filters, newest-first paging without gaps, labels,
// secrets kept out, Vietnamese text intact.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DB_KINDS } from '../db/testing.js';
import type { TestDatabase } from '../db/testing.js';
import { AuthStore } from '../auth/store.js';
import { AuditLog } from './log.js';

describe.each(DB_KINDS)('audit log on %s', (kind) => {
  let t: TestDatabase | null = null;
  afterEach(async () => {
    await t?.dispose();
    t = null;
  });

  async function open() {
    t = await createTestDatabase(kind);
    let nowMs = Date.parse('2026-03-02T01:00:00.000Z');
    const audit = new AuditLog(t.db, () => new Date(nowMs));
    return { db: t.db, audit, advance: (ms: number) => void (nowMs += ms) };
  }

  it('records entries and reads them back newest first with every field', async () => {
    const { audit, advance } = await open();
    await audit.record({
      action: 'login.success',
      actorUserId: 'u1',
      actorLabel: 'chutri',
      targetType: 'user',
      targetId: 'u1',
      ip: '10.0.0.1',
    });
    advance(1000);
    await audit.record({
      action: 'meeting.access',
      ...AuditLog.actorOf({ kind: 'device', deviceId: 'dev1', bridgePointId: 'bp_kp4' }),
      targetType: 'meeting',
      targetId: 'm1',
      detail: { title: 'Sinh hoạt chi bộ khu phố 4', confidential: true },
    });
    const page = await audit.query({ limit: 10 });
    expect(page.nextBefore).toBeNull();
    expect(page.entries).toEqual([
      expect.objectContaining({
        at: '2026-03-02T01:00:01.000Z',
        action: 'meeting.access',
        actorUserId: null,
        actorDeviceId: 'dev1',
        targetType: 'meeting',
        targetId: 'm1',
        ip: '',
        detail: { title: 'Sinh hoạt chi bộ khu phố 4', confidential: true },
      }),
      expect.objectContaining({
        at: '2026-03-02T01:00:00.000Z',
        action: 'login.success',
        actorUserId: 'u1',
        actorLabel: 'chutri',
        ip: '10.0.0.1',
        detail: {},
      }),
    ]);
  });

  it('filters by action, actor, target and time', async () => {
    const { audit, advance } = await open();
    const actions = [
      'login.failure',
      'login.failure',
      'login.success',
      'user.role_change',
      'meeting.join',
    ] as const;
    for (const [i, action] of actions.entries()) {
      await audit.record({
        action,
        actorUserId: i < 3 ? null : 'admin1',
        actorLabel: i < 3 ? 'Nguyễn Văn A' : 'admin',
        targetType: i === 4 ? 'meeting' : 'user',
        targetId: i === 4 ? 'm1' : `u${i}`,
      });
      advance(60_000);
    }
    const ids = async (f: Parameters<AuditLog['query']>[0]) =>
      (await audit.query(f)).entries.map((e) => e.action);
    expect(await ids({ limit: 50, action: 'login.failure' })).toEqual(['login.failure', 'login.failure']);
    expect(await ids({ limit: 50, actor: 'Nguyễn Văn A' })).toHaveLength(3);
    expect(await ids({ limit: 50, actor: 'admin1' })).toEqual(['meeting.join', 'user.role_change']);
    expect(await ids({ limit: 50, targetType: 'meeting', targetId: 'm1' })).toEqual(['meeting.join']);
    expect(await ids({ limit: 50, targetId: 'u2' })).toEqual(['login.success']);
    expect(
      await ids({ limit: 50, from: '2026-03-02T01:01:00.000Z', to: '2026-03-02T01:03:00.000Z' }),
    ).toEqual(['login.success', 'login.failure']);
  });

  it('pages newest first without skipping entries that share a timestamp', async () => {
    const { audit, advance } = await open();
    for (let i = 0; i < 7; i++) {
      await audit.record({ action: 'meeting.join', targetType: 'meeting', targetId: `m${i}` });
      if (i % 3 === 2) advance(1000); // several entries in the same millisecond
    }
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await audit.query({ limit: 3, before });
      seen.push(...page.entries.map((e) => e.targetId ?? ''));
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen.slice(0, 1)).toEqual(['m6']);
    expect((await audit.query({ limit: 3, before: 'aud_unknown' })).entries).toEqual([]);
  });

  it('shows the username for entries recorded with only a user id, and matches it as actor', async () => {
    const { db, audit } = await open();
    await new AuthStore(db).insertUser({
      id: 'u9',
      username: 'thuky',
      passwordHash: 'h',
      roles: ['secretary'],
      personId: null,
      bridgePointId: null,
      mustChangePassword: false,
      createdAt: '2026-03-02T00:00:00.000Z',
    });
    await audit.record({
      action: 'document.access',
      actorUserId: 'u9',
      targetType: 'document',
      targetId: 'doc1',
    });
    const page = await audit.query({ limit: 5, actor: 'thuky' });
    expect(page.entries.map((e) => [e.actorUserId, e.actorLabel])).toEqual([['u9', 'thuky']]);
  });

  it('drops secret-looking keys from details', async () => {
    const { audit } = await open();
    await audit.record({
      action: 'user.created',
      detail: {
        username: 'yen',
        password: 'x',
        newPassword: 'y',
        totpSecret: 'z',
        token: 't',
        passcode: 'p',
        roles: ['delegate'],
      },
    });
    const [entry] = (await audit.query({ limit: 1 })).entries;
    expect(entry?.detail).toEqual({ username: 'yen', roles: ['delegate'] });
  });
});
