// "Nhiệm vụ của tôi" (/nhiem-vu, also /tasks): tasks of issued notices assigned to the signed-in
// person or to their neighborhood or unit; open ones first. Each opens its panel to report
// progress and attach evidence.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskView } from '@diemcau/protocol';
import { LoadState } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { TaskCard } from './TaskParts';
import { loadMyTasks } from './notice-api';
import './notices.css';

const rank = (t: TaskView): number =>
  t.overdue ? 0 : t.status === 'open' || t.status === 'in_progress' ? 1 : 2;

export default function MyTasksPage(): ReactElement {
  const { t } = useTranslation();
  const load = useLoad((s) => loadMyTasks(s), 'mine');
  const tasks = [...(load.data?.tasks ?? [])].sort(
    (a, b) => rank(a) - rank(b) || a.dueDate.localeCompare(b.dueDate),
  );
  return (
    <section className="page" data-testid="my-tasks">
      <h1 tabIndex={-1}>{t('notices.myTitle')}</h1>
      <p className="muted">{t('notices.myIntro')}</p>
      {!load.data && <LoadState status={load.status} error={load.error} />}
      {load.data && tasks.length === 0 && <p>{t('notices.myEmpty')}</p>}
      {tasks.length > 0 && (
        <>
          <p role="status">{t('notices.tasksCount', { count: tasks.length })}</p>
          <ul className="task-list">
            {tasks.map((task) => (
              <TaskCard key={task.id} task={task} showSource onChanged={load.reload} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
