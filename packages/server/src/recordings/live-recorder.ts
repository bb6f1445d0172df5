// The recording side of one live meeting, as the live layer sees it: a moderator starts and stops
// it; closing the meeting finishes it (the recording is then queued for processing). The live
// room knows nothing else about recordings; RecordingService implements this.

/** Whether the meeting records now, and since when (ISO 8601 UTC). */
export interface RecordingState {
  recording: boolean;
  since: string | null;
}

/** Who started or stopped it (for the recording row and the audit log). */
export interface RecordingActor {
  name: string;
  userId: string | null;
  deviceId: string | null;
}

/** What a recorder needs of the meeting's media room. */
export interface RecordableMedia {
  setRecording(dir: string | null): Promise<void>;
}

export interface LiveRecorder {
  state(): RecordingState;
  /** Starts recording (a no-op while it records). */
  start(by: RecordingActor): Promise<RecordingState>;
  /** Stops recording (a no-op while it does not); a later start continues the same recording. */
  stop(by: RecordingActor): Promise<RecordingState>;
  /** The live meeting closes: stop, and queue the recording (if any) for processing. */
  finish(): Promise<void>;
}

/** Makes the recorder of one meeting; `media` opens (or returns) the meeting's media room. */
export type LiveRecorderFactory = (meetingId: string, media: () => Promise<RecordableMedia>) => LiveRecorder;

export const NOT_RECORDING: RecordingState = { recording: false, since: null };
