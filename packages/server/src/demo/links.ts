// Join links to the demo meeting, each carrying a time-limited invitation token: for a bridge
// point it names the point, for a demo person the person, for anyone else only a label (a
// visitor the tool vouches for). Used by `npm run demo-link`, the start command and the tests.
import { buildJoinLink } from '@diemcau/protocol';
import { demoPersonId } from '../auth/seed.js';
import type { Db } from '../db/database.js';
import { issueJoinToken } from '../meetings/tokens.js';
import { OrgStore } from '../org/store.js';
import { DEMO_PEOPLE } from './ward.js';

/** How long a demo link works. */
export const DEMO_LINK_TTL_MS = 7 * 24 * 3600_000;

export interface DemoLink {
  link: string;
  /** The bridge point the link joins as, when the name is one. */
  bridgePoint: string | null;
  /** The demo person the link joins as, when the name is one. */
  person: string | null;
}

const fold = (s: string): string => s.normalize('NFC').trim().toLocaleLowerCase('vi');

export async function demoJoinLink(
  db: Db,
  origin: string,
  meetingId: string,
  name: string,
): Promise<DemoLink> {
  const point = (await new OrgStore(db).listBridgePoints()).find((p) => fold(p.name) === fold(name));
  const person = DEMO_PEOPLE.find((p) => fold(p.name) === fold(name));
  const token = await issueJoinToken(db, {
    meetingId,
    personId: !point && person ? demoPersonId(person.name) : null,
    bridgePointId: point ? point.id : null,
    label: name,
    ttl: DEMO_LINK_TTL_MS,
  });
  const bridgePoint = point ? point.name : null;
  return {
    link: buildJoinLink({ origin, meetingId, name, bridgePoint, token }),
    bridgePoint,
    person: !point && person ? person.name : null,
  };
}
