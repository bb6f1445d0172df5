// The ward's follow-up board (/nhiem-vu/theo-doi, also /tasks/board): tasks due in a range per
// neighborhood or unit — overdue as an accessible SVG bar chart, all counts in a table (the
// chart's text alternative) — and the list of overdue tasks.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { ReportBarChart } from '../reports/ReportBarChart';
import { dayText, defaultBoardRange, sortBoardRows } from './board';
import { loadBoard } from './notice-api';
import { TaskCard } from './TaskParts';
import '../reports/reports.css';
import './notices.css';

export default function TaskBoardPage(): ReactElement {
  const { t } = useTranslation();
  const [range, setRange] = useState(() => defaultBoardRange(new Date()));
  const [form, setForm] = useState(range);
  const [invalid, setInvalid] = useState(false);
  const load = useLoad((s) => loadBoard(range.from, range.to, s), `${range.from}/${range.to}`);
  const board = load.data;
  const rows = board ? sortBoardRows(board.rows) : [];
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const bad = !form.from || !form.to || form.from > form.to;
    setInvalid(bad);
    if (!bad) setRange(form);
  };
  return (
    <section className="page" data-testid="task-board">
      <h1 tabIndex={-1}>{t('notices.boardTitle')}</h1>
      <p className="muted">{t('notices.boardIntro')}</p>
      <form className="board-range" onSubmit={submit} noValidate>
        <Field label={t('notices.from')} error={invalid ? 'notices.rangeInvalid' : undefined}>
          <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </Field>
        <Field label={t('notices.to')}>
          <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </Field>
        <button type="submit" className="btn btn--primary btn--large" data-testid="board-show">
          {t('notices.show')}
        </button>
      </form>
      <Status
        text={board && load.status === 'ok' ? t('notices.loaded', { date: dayText(board.today) }) : null}
        testId="board-status"
      />
      {!board && <LoadState status={load.status} error={load.error} />}
      {board && rows.length === 0 && <p>{t('notices.boardEmpty')}</p>}
      {board && rows.length > 0 && (
        <>
          <ReportBarChart
            title={t('notices.chartTitle')}
            desc={t('notices.chartDesc')}
            rows={rows.map((r) => ({
              key: r.orgUnitId,
              label: r.name,
              value: r.overdue,
              text: String(r.overdue),
            }))}
            colour="vermillion"
            testId="board-chart"
          />
          <div className="table-wrap" role="region" aria-label={t('notices.tableCaption')} tabIndex={0}>
            <table className="table" data-testid="board-table">
              <caption>
                {t('notices.tableCaption')} · {t('notices.today', { date: dayText(board.today) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('notices.colUnit')}</th>
                  <th scope="col">{t('notices.colTotal')}</th>
                  <th scope="col">{t('notices.colDone')}</th>
                  <th scope="col">{t('notices.colOpen')}</th>
                  <th scope="col">{t('notices.colOverdue')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.orgUnitId}>
                    <th scope="row">{r.name}</th>
                    <td>{r.total}</td>
                    <td>{r.done}</td>
                    <td>{r.open}</td>
                    <td className={r.overdue > 0 ? 'cell--overdue' : undefined}>{r.overdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {board && (
        <section aria-labelledby="board-overdue">
          <h2 id="board-overdue">{t('notices.overdueList')}</h2>
          {board.overdue.length === 0 ? (
            <p>{t('notices.noOverdue')}</p>
          ) : (
            <ul className="task-list">
              {board.overdue.map((task) => (
                <TaskCard key={task.id} task={task} showSource onChanged={load.reload} />
              ))}
            </ul>
          )}
        </section>
      )}
    </section>
  );
}
