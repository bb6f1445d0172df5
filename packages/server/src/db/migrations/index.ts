// Schema migrations, in code so that the built server carries them, one file per migration.
// Append only: never edit a migration that has shipped; add a new one and register it here.
import type { Migration, MigrationProvider } from 'kysely';
import { migration0001 } from './0001_ward_and_meetings.js';
import { migration0002 } from './0002_accounts.js';
import { migration0003 } from './0003_devices.js';
import { migration0004 } from './0004_scheduling.js';
import { migration0005 } from './0005_live.js';
import { migration0006 } from './0006_recordings.js';
import { migration0007 } from './0007_documents.js';
import { migration0008 } from './0008_bandwidth.js';
import { migration0009 } from './0009_network_tests.js';
import { migration0010 } from './0010_minutes.js';
import { migration0011 } from './0011_notices.js';
import { migration0013 } from './0013_document_notes.js';
import { migration0012 } from './0012_search.js';
import { migration0014 } from './0014_report_settings.js';

const migrations: Record<string, Migration> = {
  '0001_ward_and_meetings': migration0001,
  '0002_accounts': migration0002,
  '0003_devices': migration0003,
  '0004_scheduling': migration0004,
  '0005_live': migration0005,
  '0006_recordings': migration0006,
  '0007_documents': migration0007,
  '0008_bandwidth': migration0008,
  '0009_network_tests': migration0009,
  '0010_minutes': migration0010,
  '0011_notices': migration0011,
  '0013_document_notes': migration0013,
  '0012_search': migration0012,
  '0014_report_settings': migration0014,
};

/** Serves the migrations above to Kysely's Migrator. */
export const codeMigrations: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
