// The addresses of the notice and task screens, in Vietnamese and in English.
import { describe, expect, it } from 'vitest';
import { parseAppRoute, paths } from '../../lib/app-route';

describe('notice and task routes', () => {
  it('parse both spellings of each screen', () => {
    expect(parseAppRoute('/cuoc-hop/abc123/thong-bao')).toEqual({ kind: 'notice', id: 'abc123' });
    expect(parseAppRoute('/meetings/abc123/notice')).toEqual({ kind: 'notice', id: 'abc123' });
    expect(parseAppRoute('/nhiem-vu')).toEqual({ kind: 'myTasks' });
    expect(parseAppRoute('/tasks/')).toEqual({ kind: 'myTasks' });
    expect(parseAppRoute('/nhiem-vu/theo-doi')).toEqual({ kind: 'taskBoard' });
    expect(parseAppRoute('/tasks/board')).toEqual({ kind: 'taskBoard' });
    expect(parseAppRoute('/meetings/abc123/other')).toEqual({ kind: 'notFound' });
  });

  it('build the paths the links use', () => {
    expect(parseAppRoute(paths.notice('m/1 ?'))).toEqual({ kind: 'notice', id: 'm/1 ?' });
    expect(parseAppRoute(paths.myTasks)).toEqual({ kind: 'myTasks' });
    expect(parseAppRoute(paths.taskBoard)).toEqual({ kind: 'taskBoard' });
  });
});
