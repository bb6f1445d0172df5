// db: votes/s and attendance/s on SQLite and PostgreSQL, once votes and attendance exist.
import type { Bench } from './types.js';

export const dbBench: Bench = {
  name: 'db',
  run: () => Promise.resolve({ skipped: 'no votes/attendance yet' }),
};
