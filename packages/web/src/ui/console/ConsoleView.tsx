// The chair console (bàn điều hành) for the chair and the secretary: a full layout of its own —
// meeting actions on top (start, lock, mute all, end), the agenda on the left, the main view and
// everyone in the room in the middle, and on the right the speaking queue, votes, roll call, chat
// and Q&A. On a phone the columns stack.
import { useState, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../ConfirmDialog';
import { ChatPanel } from '../live/ChatPanel';
import { useLive, usePending } from '../live/context';
import { QaPanel } from '../live/QaPanel';
import { Tabs, type TabSpec } from '../live/Tabs';
import { AgendaPanel } from './AgendaPanel';
import { AttendanceBoard } from './AttendanceBoard';
import { ParticipantsPanel } from './ParticipantsPanel';
import { QueuePanel } from './QueuePanel';
import { VoteConsole } from './VoteConsole';

type ConsoleTab = 'queue' | 'votes' | 'attendance' | 'chat' | 'qa';

function MeetingActions(): ReactElement {
  const { t } = useTranslation();
  const { live, act } = useLive();
  const [pending, run] = usePending();
  const [confirmEnd, setConfirmEnd] = useState(false);
  const status = live.status;
  return (
    <div className="console-actions" role="toolbar" aria-label={t('console.actions')}>
      <span className={`pill pill--status pill--${status}`} data-testid="meeting-status">
        {t(`console.status_${status}`)}
        {live.context.training && <span className="tag tag--training">{t('console.training')}</span>}
      </span>
      {status === 'waiting' && (
        <button
          type="button"
          className="btn btn--primary btn--large"
          disabled={pending}
          data-testid="meeting-start"
          onClick={() => run(() => act({ type: 'meeting.start' }))}
        >
          {t('console.start')}
        </button>
      )}
      {status !== 'ended' && (
        <>
          <button
            type="button"
            className={`btn btn--large ${live.locked ? 'btn--gold' : 'btn--ghost'}`}
            aria-pressed={live.locked}
            disabled={pending}
            data-testid="meeting-lock"
            onClick={() => run(() => act({ type: 'meeting.lock', locked: !live.locked }))}
          >
            {live.locked ? t('console.unlock') : t('console.lock')}
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--large"
            disabled={pending}
            data-testid="mute-all"
            onClick={() => run(() => act({ type: 'mute.all' }))}
          >
            {t('console.muteAll')}
          </button>
          <button
            type="button"
            className="btn btn--danger btn--large"
            disabled={pending}
            data-testid="meeting-end"
            onClick={() => setConfirmEnd(true)}
          >
            {t('console.end')}
          </button>
        </>
      )}
      <ConfirmDialog
        open={confirmEnd}
        title={t('console.endTitle')}
        confirmLabel={t('console.end')}
        danger
        onCancel={() => setConfirmEnd(false)}
        onConfirm={() => {
          setConfirmEnd(false);
          run(() => act({ type: 'meeting.end' }));
        }}
      >
        <p>{t('console.endBody')}</p>
      </ConfirmDialog>
    </div>
  );
}

interface ConsoleViewProps {
  topBar: ReactNode;
  stage: ReactNode;
  lobby: ReactNode;
  controls: ReactNode;
}

export function ConsoleView({ topBar, stage, lobby, controls }: ConsoleViewProps): ReactElement {
  const { t } = useTranslation();
  const { live } = useLive();
  const [tab, setTab] = useState<ConsoleTab>('queue');
  const openVotes = live.votes.filter((v) => v.status === 'open').length;
  const privateChat = live.chat.filter((m) => m.to === 'chair').length;
  const tabs: TabSpec<ConsoleTab>[] = [
    {
      key: 'queue',
      label: t('console.tab_queue'),
      badge: live.queue.length + Object.keys(live.hands).length,
    },
    { key: 'votes', label: t('console.tab_votes'), badge: openVotes },
    { key: 'attendance', label: t('console.tab_attendance') },
    { key: 'chat', label: t('console.tab_chat'), badge: privateChat > 0 ? privateChat : null },
    { key: 'qa', label: t('console.tab_qa'), badge: live.questions.filter((q) => !q.answeredAt).length },
  ];
  return (
    <div className="room console" data-testid="console">
      {topBar}
      <MeetingActions />
      <main className="console__main">
        <div className="console__agenda">
          <AgendaPanel />
        </div>
        <div className="console__center">
          {lobby}
          <section className="console__stage" aria-label={t('room.stage')}>
            {stage}
          </section>
          <ParticipantsPanel />
        </div>
        <div className="console__side">
          <Tabs
            label={t('console.tabsLabel')}
            tabs={tabs}
            active={tab}
            onChange={setTab}
            className="tabs--console"
          >
            {tab === 'queue' && <QueuePanel />}
            {tab === 'votes' && <VoteConsole />}
            {tab === 'attendance' && <AttendanceBoard />}
            {tab === 'chat' && <ChatPanel />}
            {tab === 'qa' && <QaPanel />}
          </Tabs>
        </div>
      </main>
      {controls}
    </div>
  );
}
