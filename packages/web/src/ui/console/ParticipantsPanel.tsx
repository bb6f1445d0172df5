// Everyone in the room as the chair handles them: label, role, microphone, raised hand; ask one
// point to unmute, put it on everyone's main view (spotlight) or take it off, remove (confirmed).
import type { Participant } from '@diemcau/protocol';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../../state/layout';
import { ConfirmDialog } from '../ConfirmDialog';
import { HandIcon, MicOffIcon, StarIcon } from '../icons';
import { useLive, usePending } from '../live/context';
import { ParticipantQuality } from '../network/QualityBadge';

export function ParticipantsPanel(): ReactElement {
  const { t } = useTranslation();
  const { live, self, participants, act } = useLive();
  const [pending, run] = usePending();
  const [removing, setRemoving] = useState<Participant | null>(null);
  const others = participants.filter((p) => p.id !== self.id);
  return (
    <section className="console-card people" aria-labelledby="people-h" data-testid="console-people">
      <h2 id="people-h" className="console-card__title">
        {t('consolePeople.title', { count: participants.length })}
      </h2>
      {others.length === 0 && <p className="muted">{t('consolePeople.none')}</p>}
      <ul className="people__list">
        {others.map((p) => {
          const label =
            p.bridgePoint && p.bridgePoint !== p.name ? `${p.bridgePoint} – ${p.name}` : labelOf(p);
          const spot = live.spotlight === p.actorKey;
          const hand = p.actorKey in live.hands;
          return (
            <li
              key={p.id}
              className="people__item"
              data-testid="console-participant"
              data-name={labelOf(p)}
              data-spotlight={spot}
            >
              <div className="people__who">
                {spot && <StarIcon className="people__star" size="1.1em" />}
                <span className="people__name">{label}</span>
                <span className="muted">{t(`consolePeople.role_${p.role}`)}</span>
                <ParticipantQuality participantId={p.id} name={label} />
                {hand && (
                  <span
                    className="state-icon state-icon--hand"
                    role="img"
                    aria-label={t('consolePeople.hand')}
                  >
                    <HandIcon size="1em" />
                  </span>
                )}
                {p.audioMuted && (
                  <span className="state-icon state-icon--off" role="img" aria-label={t('room.micMuted')}>
                    <MicOffIcon size="1em" />
                  </span>
                )}
              </div>
              <div className="row-actions">
                {p.audioMuted && (
                  <button
                    type="button"
                    className="btn btn--ghost"
                    disabled={pending}
                    aria-label={t('consolePeople.askUnmuteLabel', { name: label })}
                    data-testid="ask-unmute"
                    onClick={() => run(() => act({ type: 'unmute.ask', participantId: p.id }))}
                  >
                    {t('consolePeople.askUnmute')}
                  </button>
                )}
                <button
                  type="button"
                  className={`btn ${spot ? 'btn--gold' : 'btn--ghost'}`}
                  aria-pressed={spot}
                  disabled={pending}
                  aria-label={t('consolePeople.spotlightLabel', { name: label })}
                  data-testid="spotlight"
                  onClick={() =>
                    run(() => act({ type: 'spotlight.set', actorKey: spot ? null : p.actorKey }))
                  }
                >
                  {spot ? t('consolePeople.unspotlight') : t('consolePeople.spotlight')}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--warn"
                  disabled={pending}
                  aria-label={t('consolePeople.removeLabel', { name: label })}
                  onClick={() => setRemoving(p)}
                >
                  {t('consolePeople.remove')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={removing !== null}
        title={t('consolePeople.removeTitle', { name: removing ? labelOf(removing) : '' })}
        confirmLabel={t('consolePeople.remove')}
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const p = removing;
          setRemoving(null);
          if (p) run(() => act({ type: 'participant.remove', participantId: p.id }));
        }}
      >
        <p>{t('consolePeople.removeBody')}</p>
      </ConfirmDialog>
    </section>
  );
}
