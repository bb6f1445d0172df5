// Who may see, download and manage a meeting's documents: pure rules layered on the meeting's own
// (meetings/authz.ts). Seeing the meeting comes first; then the document's visibility decides.
import type { DocumentVisibility } from '@diemcau/protocol';
import { bridgePointInvited, canEdit, canSee, isInvited } from '../meetings/authz.js';
import type { MeetingAccess, Viewer } from '../meetings/authz.js';

/** The facts about one document the rules need. */
export interface DocumentFacts {
  visibility: DocumentVisibility;
  bridgePointId: string | null;
  downloadable: boolean;
  hidden: boolean;
}

/** The bridge point a viewer stands for: a kiosk's, or the one an operator runs. */
function pointOf(v: Viewer): string | null {
  if (v.kind === 'device') return v.bridgePointId;
  if (v.kind === 'user' && v.roles.includes('operator')) return v.bridgePointId;
  return null;
}

/** The meeting's editors (admins, its creator, chair and secretary) manage its documents. */
export const canManageDocuments = (m: MeetingAccess, v: Viewer): boolean => canEdit(m, v);

/**
 * May `v` see the document (list it, view its PDF and pages)? Editors see every document, hidden
 * ones too. Others: never a hidden one; `invited` — anyone invited in person or through a bridge
 * point; `bridge_point` — that point's kiosk and operator only (if the point is invited); `chair` —
 * editors only. NOTE: a confidential meeting's uninvited organization members see the meeting but
 * not its documents unless invited.
 */
export function canSeeDocument(m: MeetingAccess, d: DocumentFacts, v: Viewer): boolean {
  if (!canSee(m, v)) return false;
  if (canEdit(m, v)) return true;
  if (d.hidden) return false;
  switch (d.visibility) {
    case 'invited':
      return isInvited(m, v);
    case 'bridge_point': {
      const point = pointOf(v);
      return point !== null && point === d.bridgePointId && bridgePointInvited(m, point);
    }
    case 'chair':
      return false;
  }
}

/** May `v` fetch the original file as a download? Editors always; others if it is downloadable. */
export const canDownload = (m: MeetingAccess, d: DocumentFacts, v: Viewer): boolean =>
  canSeeDocument(m, d, v) && (d.downloadable || canEdit(m, v));
