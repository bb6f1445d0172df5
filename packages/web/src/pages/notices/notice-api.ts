// Calls of the notice and task screens, and the evidence upload with progress (XMLHttpRequest,
// since fetch reports no upload progress).
import type {
  AssigneeOptionsResponse,
  MyTasksResponse,
  NoticePatch,
  NoticeResponse,
  NoticeView,
  TaskBoardResponse,
  TaskCreate,
  TaskDetail,
  TaskPatch,
} from '@diemcau/protocol';
import { api, ApiError, getCsrfToken, toApiError } from '../../lib/api/client';

const sig = (signal?: AbortSignal) => (signal ? { signal } : {});

export const noticeUrls = {
  ofMeeting: (meetingId: string): string => `/api/meetings/${encodeURIComponent(meetingId)}/notice`,
  notice: (id: string): string => `/api/notices/${encodeURIComponent(id)}`,
  file: (id: string, format: 'docx' | 'pdf'): string => `/api/notices/${encodeURIComponent(id)}/${format}`,
  task: (id: string): string => `/api/tasks/${encodeURIComponent(id)}`,
} as const;

export const loadNotice = (meetingId: string, signal?: AbortSignal): Promise<NoticeResponse> =>
  api('GET', noticeUrls.ofMeeting(meetingId), sig(signal));
export const draftNotice = (meetingId: string): Promise<NoticeView> =>
  api('POST', noticeUrls.ofMeeting(meetingId));
export const saveNotice = (id: string, body: NoticePatch): Promise<NoticeView> =>
  api('PATCH', noticeUrls.notice(id), { body });
export const refreshNotice = (id: string): Promise<NoticeView> =>
  api('POST', `${noticeUrls.notice(id)}/refresh`);
export const issueNotice = (id: string): Promise<NoticeView> => api('POST', `${noticeUrls.notice(id)}/issue`);
export const addTask = (noticeId: string, body: TaskCreate): Promise<TaskDetail> =>
  api('POST', `${noticeUrls.notice(noticeId)}/tasks`, { body });
export const loadAssignees = (signal?: AbortSignal): Promise<AssigneeOptionsResponse> =>
  api('GET', '/api/tasks/assignees', sig(signal));

export const loadMyTasks = (signal?: AbortSignal): Promise<MyTasksResponse> =>
  api('GET', '/api/tasks/mine', sig(signal));
export const loadTask = (id: string, signal?: AbortSignal): Promise<TaskDetail> =>
  api('GET', noticeUrls.task(id), sig(signal));
export const editTask = (id: string, body: TaskPatch): Promise<TaskDetail> =>
  api('PATCH', noticeUrls.task(id), { body });
export const reportTask = (id: string, percent: number, text: string): Promise<TaskDetail> =>
  api('POST', `${noticeUrls.task(id)}/reports`, { body: { percent, text } });
export const acceptTask = (id: string, text: string): Promise<TaskDetail> =>
  api('POST', `${noticeUrls.task(id)}/accept`, { body: { text } });
export const cancelTask = (id: string, reason: string): Promise<TaskDetail> =>
  api('POST', `${noticeUrls.task(id)}/cancel`, { body: { reason } });
export const loadBoard = (from: string, to: string, signal?: AbortSignal): Promise<TaskBoardResponse> =>
  api('GET', '/api/tasks/board', { query: { from, to }, ...sig(signal) });

/** Sends an evidence file as the raw body; `onProgress` gets 0–100 as bytes leave the browser. */
export function uploadEvidence(
  taskId: string,
  file: File,
  onProgress: (percent: number) => void,
): Promise<TaskDetail> {
  const xhr = new XMLHttpRequest();
  return new Promise<TaskDetail>((resolve, reject) => {
    xhr.open(
      'POST',
      `${noticeUrls.task(taskId)}/evidence?${new URLSearchParams({ fileName: file.name }).toString()}`,
    );
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(100, Math.round((100 * e.loaded) / e.total)));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as TaskDetail);
      else reject(toApiError(xhr.status, body, xhr.getResponseHeader('retry-after')));
    };
    xhr.onerror = () => reject(new ApiError('network', 'network error', 0));
    xhr.send(file);
  });
}

/** The translation key of a failed call. */
export const errorKey = (e: unknown): string => `errors.${e instanceof ApiError ? e.code : 'internal'}`;
