// The meeting's transient layer over the room: what the chair asks of this client (mute, "Chủ trì
// mời bạn bật micrô", the floor is yours — the microphone opens by itself), the "Bạn đang được
// phát biểu" banner, reactions flying by, and an aria-live region for events that matter.
import type { LiveState } from '@diemcau/protocol';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { liveAnnouncements, type LiveAnnouncement } from '../../state/live-announce';
import type { LiveSlice, ReactionKind } from '../../state/live';
import type { RoomAction } from '../../state/room-reducer';
import { AgreeIcon, ClapIcon, HeartIcon, MicIcon, ThumbsUpIcon, type IconProps } from '../icons';

/** Drawn icons, not emoji: many bridge-point devices have no colour emoji font. */
export const REACTION_ICON: Record<ReactionKind, (p: IconProps) => ReactElement> = {
  clap: ClapIcon,
  thumbs_up: ThumbsUpIcon,
  heart: HeartIcon,
  agree: AgreeIcon,
};

export function ReactionIcon({ kind, ...p }: IconProps & { kind: ReactionKind }): ReactElement {
  const Icon = REACTION_ICON[kind];
  return <Icon {...p} />;
}

/** How long a reaction stays on screen. */
const REACTION_MS = 4_000;

interface ModerationProps {
  slice: LiveSlice;
  selfKey: string;
  dispatch: (a: RoomAction) => void;
  setAudioMuted: (muted: boolean) => void;
}

/** Obeys and shows moderation requests; shows the banner while this client has the floor. */
export function ModerationLayer({ slice, selfKey, dispatch, setAudioMuted }: ModerationProps): ReactElement {
  const { t } = useTranslation();
  const m = slice.moderation;
  const done = useRef(0);
  useEffect(() => {
    if (!m || m.seq <= done.current) return;
    done.current = m.seq;
    if (m.moderation.kind === 'mute') setAudioMuted(true);
    if (m.moderation.kind === 'floor_granted') setAudioMuted(false);
  }, [m, setAudioMuted]);
  const speaking = slice.state?.current?.speakerKey === selfKey;
  const clear = (): void => {
    if (m) dispatch({ type: 'clearModeration', seq: m.seq });
  };
  return (
    <>
      {speaking && (
        <div className="floor-banner" role="status" data-testid="floor-banner">
          <MicIcon /> {t('live.mod_floorYours')}
        </div>
      )}
      {m?.moderation.kind === 'unmute_request' && (
        <div
          className="mod-prompt"
          role="alertdialog"
          aria-labelledby="mod-prompt-title"
          data-testid="unmute-prompt"
        >
          <p id="mod-prompt-title" className="mod-prompt__title">
            {t('live.mod_unmuteAsk', { by: m.moderation.by })}
          </p>
          <div className="row-actions">
            <button
              type="button"
              className="btn btn--primary btn--large"
              autoFocus
              data-testid="unmute-accept"
              onClick={() => {
                setAudioMuted(false);
                clear();
              }}
            >
              <MicIcon /> {t('live.mod_unmute')}
            </button>
            <button type="button" className="btn btn--ghost btn--large" onClick={clear}>
              {t('live.mod_later')}
            </button>
          </div>
        </div>
      )}
      {m?.moderation.kind === 'mute' && (
        <div className="mod-prompt mod-prompt--info" role="status">
          <p className="mod-prompt__title">{t('live.mod_muted', { by: m.moderation.by })}</p>
          <button type="button" className="btn btn--ghost" onClick={clear}>
            {t('room.dismiss')}
          </button>
        </div>
      )}
    </>
  );
}

export function ReactionsLayer({
  slice,
  dispatch,
}: {
  slice: LiveSlice;
  dispatch: (a: RoomAction) => void;
}): ReactElement {
  const { t } = useTranslation();
  const ids = slice.reactions.map((r) => r.id).join(',');
  useEffect(() => {
    if (ids === '') return;
    const timers = ids
      .split(',')
      .map((id) => setTimeout(() => dispatch({ type: 'dropReaction', id: Number(id) }), REACTION_MS));
    return () => timers.forEach(clearTimeout);
  }, [ids, dispatch]);
  return (
    <ul className="reactions" aria-hidden="true">
      {slice.reactions.map((r, i) => (
        <li
          key={r.id}
          className="reactions__item"
          style={{ left: `${8 + ((r.id * 37) % 70)}%`, animationDelay: `${i * 40}ms` }}
        >
          <span className={`reactions__emoji reactions__emoji--${r.reaction}`}>
            <ReactionIcon kind={r.reaction} size="1em" />
          </span>
          <span className="reactions__name">{r.name}</span>
          <span className="sr-only">{t(`live.react_${r.reaction}`)}</span>
        </li>
      ))}
    </ul>
  );
}

function announcementText(
  t: (k: string, o?: Record<string, unknown>) => string,
  a: LiveAnnouncement,
): string {
  switch (a.kind) {
    case 'meetingStarted':
      return t('live.announce_started');
    case 'meetingEnded':
      return t('live.announce_ended');
    case 'locked':
      return a.locked ? t('live.announce_locked') : t('live.announce_unlocked');
    case 'itemChanged':
      return t('live.announce_item', { title: a.title });
    case 'floorGranted':
      return a.self ? t('live.mod_floorYours') : t('live.announce_floor', { label: a.label });
    case 'voteOpened':
      return t('live.announce_voteOpened', { title: a.title });
    case 'votePublished':
      return t('live.announce_votePublished', { title: a.title });
  }
}

/**
 * Speaks what changed (assertive for the floor and votes, which ask something of the listener) and
 * calls `onVoteOpened` so the room can bring the ballot forward.
 */
export function LiveAnnouncer({
  state,
  selfKey,
  onVoteOpened,
}: {
  state: LiveState | null;
  selfKey: string;
  onVoteOpened: (voteId: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const prev = useRef<LiveState | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const list = liveAnnouncements(prev.current, state, selfKey);
    prev.current = state;
    if (list.length === 0) return;
    setText(list.map((a) => announcementText(t, a)).join(' '));
    const opened = list.find((a) => a.kind === 'voteOpened');
    if (opened) onVoteOpened(opened.voteId);
  }, [state, selfKey, t, onVoteOpened]);
  return (
    <div className="sr-only" aria-live="assertive" aria-atomic="true" data-testid="live-announcement">
      {text}
    </div>
  );
}
