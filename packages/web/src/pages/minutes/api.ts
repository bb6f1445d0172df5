// HTTP calls of the minutes page: overview, start a version, auto-save, submit/return/approve, and
// the download addresses (plain links: the browser saves the file).
import type { MinutesContent, MinutesFormat, MinutesOverview, MinutesVersionView } from '@diemcau/protocol';
import { api } from '../../lib/api/client';

const base = (meetingId: string): string => `/api/meetings/${encodeURIComponent(meetingId)}/minutes`;
const versionPath = (meetingId: string, version: number): string => `${base(meetingId)}/versions/${version}`;

export const getMinutes = (meetingId: string, signal?: AbortSignal): Promise<MinutesOverview> =>
  api('GET', base(meetingId), signal ? { signal } : {});

export const getMinutesVersion = (meetingId: string, version: number): Promise<MinutesVersionView> =>
  api('GET', versionPath(meetingId, version));

export const createMinutes = (meetingId: string, format?: MinutesFormat): Promise<MinutesVersionView> =>
  api('POST', base(meetingId), { body: format ? { format } : {} });

export const saveMinutes = (
  meetingId: string,
  version: number,
  revision: number,
  content: MinutesContent,
): Promise<MinutesVersionView> =>
  api('PUT', versionPath(meetingId, version), { body: { revision, content } });

export const submitMinutes = (
  meetingId: string,
  version: number,
  revision: number,
): Promise<MinutesVersionView> =>
  api('POST', `${versionPath(meetingId, version)}/submit`, { body: { revision } });

export const approveMinutes = (
  meetingId: string,
  version: number,
  revision: number,
): Promise<MinutesVersionView> =>
  api('POST', `${versionPath(meetingId, version)}/approve`, { body: { revision } });

export const returnMinutes = (
  meetingId: string,
  version: number,
  revision: number,
  comment: string,
): Promise<MinutesVersionView> =>
  api('POST', `${versionPath(meetingId, version)}/return`, { body: { revision, comment } });

/** Where the DOCX or PDF of a version is downloaded. */
export const minutesFileUrl = (meetingId: string, version: number, kind: 'docx' | 'pdf'): string =>
  `${versionPath(meetingId, version)}/minutes.${kind}`;
