// The participant's meeting panel beside the stage: speak (queue, request, raise hand), votes, chat,
// Q&A in a training, and for a bridge point's operator the roll call; quick reactions at the foot.
import type { LiveAction } from '@diemcau/protocol';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { pointIdOf } from '../../state/live-logic';
import { canCast, canCount } from '../../state/live-votes';
import { ChatPanel } from './ChatPanel';
import { useLive } from './context';
import { ReactionIcon } from './LiveOverlays';
import { QaPanel } from './QaPanel';
import { RollCallPanel } from './RollCallPanel';
import { SpeakPanel } from './SpeakPanel';
import { Tabs, type TabSpec } from './Tabs';
import { VoteCard } from './VoteCard';

export type SidebarTab = 'speak' | 'votes' | 'chat' | 'qa' | 'roll';

type Reaction = Extract<LiveAction, { type: 'reaction.send' }>['reaction'];
const REACTIONS: Reaction[] = ['clap', 'thumbs_up', 'agree', 'heart'];

export function ReactionBar(): ReactElement {
  const { t } = useTranslation();
  const { act } = useLive();
  return (
    <div className="reaction-bar" role="group" aria-label={t('live.react_label')}>
      {REACTIONS.map((r) => (
        <button
          key={r}
          type="button"
          className="reaction-bar__btn"
          data-testid={`react-${r}`}
          onClick={() => void act({ type: 'reaction.send', reaction: r })}
        >
          <span className={`reaction-bar__emoji reaction-bar__emoji--${r}`}>
            <ReactionIcon kind={r} size="1em" />
          </span>
          {t(`live.react_${r}`)}
        </button>
      ))}
    </div>
  );
}

/** The tabs this participant gets (roll call only at a bridge point; Q&A in trainings or once asked). */
export function sidebarTabs(
  env: ReturnType<typeof useLive>,
  t: (k: string) => string,
): TabSpec<SidebarTab>[] {
  const { live, self } = env;
  const toAnswer = live.votes.filter((v) => canCast(v, self.actorKey) || canCount(v, self.actorKey)).length;
  const tabs: TabSpec<SidebarTab>[] = [
    { key: 'speak', label: t('live.tab_speak'), badge: live.queue.length },
    { key: 'votes', label: t('live.tab_votes'), badge: toAnswer, alert: toAnswer > 0 },
    { key: 'chat', label: t('live.tab_chat'), badge: live.chat.length > 0 ? live.chat.length : null },
  ];
  if (live.context.training || live.questions.length > 0)
    tabs.push({
      key: 'qa',
      label: t('live.tab_qa'),
      badge: live.questions.filter((q) => !q.answeredAt).length,
    });
  if (pointIdOf(self.actorKey) !== null) tabs.push({ key: 'roll', label: t('live.tab_roll') });
  return tabs;
}

export function VotesList({ console: inConsole = false }: { console?: boolean }): ReactElement {
  const { t } = useTranslation();
  const { live } = useLive();
  if (live.votes.length === 0) return <p className="muted">{t('liveVote.none')}</p>;
  // Open votes first, then the latest results.
  const ordered = [...live.votes]
    .reverse()
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'));
  return (
    <div className="votes-list" data-testid="votes-list">
      {ordered.map((v) => (
        <VoteCard key={v.id} vote={v} console={inConsole} />
      ))}
    </div>
  );
}

export function LiveSidebar({
  tab,
  onTab,
}: {
  tab: SidebarTab;
  onTab: (t: SidebarTab) => void;
}): ReactElement {
  const { t } = useTranslation();
  const env = useLive();
  const tabs = sidebarTabs(env, t);
  const active = tabs.some((x) => x.key === tab) ? tab : 'speak';
  const pointId = pointIdOf(env.self.actorKey);
  return (
    <aside className="live-sidebar" aria-label={t('live.panelLabel')} data-testid="live-sidebar">
      <Tabs label={t('live.panelLabel')} tabs={tabs} active={active} onChange={onTab}>
        {active === 'speak' && <SpeakPanel />}
        {active === 'votes' && <VotesList />}
        {active === 'chat' && <ChatPanel />}
        {active === 'qa' && <QaPanel />}
        {active === 'roll' && pointId !== null && <RollCallPanel pointId={pointId} />}
      </Tabs>
      <ReactionBar />
    </aside>
  );
}
