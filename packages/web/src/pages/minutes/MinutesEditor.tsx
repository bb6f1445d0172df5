// The minutes as a form, section by section as they print: header, time/place/participants per
// bridge point, each agenda item (speeches and votes from the record, discussion, conclusion) and
// the closing. Read-only (plain text) for approved or submitted versions and for readers.
import { useState, type ChangeEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { MinutesContent, MinutesItem, MinutesPoint } from '@diemcau/protocol';
import { formatTime } from '../../lib/vntime';
import { Field } from '../../ui/form';

/** "Bùi Đức Thưởng – Ốm" lines ⇄ absences; a line without a dash is a name without a reason. */
export function parseAbsent(text: string): MinutesPoint['absent'] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?)\s+[–-]\s+(.*)$/.exec(l);
      return m ? { name: (m[1] ?? '').trim(), reason: (m[2] ?? '').trim() } : { name: l, reason: '' };
    });
}

export const absentText = (a: MinutesPoint['absent']): string =>
  a.map((x) => (x.reason ? `${x.name} – ${x.reason}` : x.name)).join('\n');

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

interface Props {
  content: MinutesContent;
  readOnly: boolean;
  onChange: (content: MinutesContent) => void;
}

/**
 * A textarea over a list: the typed text is kept as is (so the caret never jumps), the parsed
 * list goes up. The editor is remounted (key) whenever content comes from the server.
 */
function ListArea(props: {
  label: string;
  initial: string;
  readOnly: boolean;
  testId: string;
  onText: (text: string) => void;
}): ReactElement {
  const [text, setText] = useState(props.initial);
  return (
    <Field label={props.label}>
      <textarea
        rows={Math.min(8, Math.max(2, text.split('\n').length + 1))}
        value={text}
        readOnly={props.readOnly}
        data-testid={props.testId}
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) => {
          setText(e.target.value);
          props.onText(e.target.value);
        }}
      />
    </Field>
  );
}

function Text(props: {
  label: string;
  value: string;
  readOnly: boolean;
  testId: string;
  multiline?: boolean;
  onValue: (v: string) => void;
}): ReactElement {
  const common = {
    value: props.value,
    readOnly: props.readOnly,
    'data-testid': props.testId,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onValue(e.target.value),
  };
  return (
    <Field label={props.label}>
      {props.multiline ? <textarea rows={4} {...common} /> : <input type="text" {...common} />}
    </Field>
  );
}

function Point({
  p,
  i,
  readOnly,
  set,
}: {
  p: MinutesPoint;
  i: number;
  readOnly: boolean;
  set: (p: MinutesPoint) => void;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <fieldset className="minutes-point" data-testid="minutes-point">
      <legend>
        {p.name}
        {p.host && <span className="tag tag--host">{t('minutes.host')}</span>}
      </legend>
      <p className="muted">
        {t('minutes.pointInfo', { count: p.headCount, connection: p.connection || '—' })}
      </p>
      <ListArea
        label={t('minutes.present')}
        initial={p.present.join('\n')}
        readOnly={readOnly}
        testId={`minutes-present-${i}`}
        onText={(v) => set({ ...p, present: lines(v) })}
      />
      <ListArea
        label={t('minutes.absent')}
        initial={absentText(p.absent)}
        readOnly={readOnly}
        testId={`minutes-absent-${i}`}
        onText={(v) => set({ ...p, absent: parseAbsent(v) })}
      />
    </fieldset>
  );
}

function Item({
  item,
  n,
  readOnly,
  set,
}: {
  item: MinutesItem;
  n: number;
  readOnly: boolean;
  set: (i: MinutesItem) => void;
}): ReactElement {
  const { t, i18n } = useTranslation();
  const headingId = `minutes-item-${n}`;
  return (
    <section className="minutes-item card" aria-labelledby={headingId} data-testid="minutes-item">
      <h3 id={headingId}>{t('minutes.item', { n, title: item.title })}</h3>
      {item.presenter && <p className="muted">{t('minutes.presenter', { name: item.presenter })}</p>}
      <h4>{t('minutes.speeches')}</h4>
      {item.speeches.length === 0 ? (
        <p className="muted">{t('minutes.noSpeeches')}</p>
      ) : (
        <ul className="minutes-speeches">
          {item.speeches.map((s, k) => (
            <li key={k}>
              {s.at && <time dateTime={s.at}>{formatTime(s.at, i18n.language)}</time>}{' '}
              <strong>{s.speaker}</strong>
              {s.topic ? `: ${s.topic}` : ''}
            </li>
          ))}
        </ul>
      )}
      {item.votes.length > 0 && (
        <>
          <h4>{t('minutes.votes')}</h4>
          <ul className="minutes-votes">
            {item.votes.map((v, k) => (
              <li key={k}>
                <strong>{v.title}</strong>: {v.result}
              </li>
            ))}
          </ul>
        </>
      )}
      <Text
        label={t('minutes.discussion')}
        value={item.discussion}
        readOnly={readOnly}
        multiline
        testId={`minutes-discussion-${n}`}
        onValue={(discussion) => set({ ...item, discussion })}
      />
      <Text
        label={t('minutes.conclusion')}
        value={item.conclusion}
        readOnly={readOnly}
        multiline
        testId={`minutes-conclusion-${n}`}
        onValue={(conclusion) => set({ ...item, conclusion })}
      />
    </section>
  );
}

/** The whole form. */
export function MinutesEditor({ content: c, readOnly, onChange }: Props): ReactElement {
  const { t } = useTranslation();
  const header = (k: keyof MinutesContent['header']) => (v: string) =>
    onChange({ ...c, header: { ...c.header, [k]: v } });
  const field = (k: 'subject' | 'location' | 'chair' | 'secretary' | 'closing') => (v: string) =>
    onChange({ ...c, [k]: v });
  const hd36 = c.format === 'hd36';
  return (
    <div className="minutes-editor" data-testid="minutes-editor" data-readonly={readOnly ? 'true' : 'false'}>
      <section className="card" aria-labelledby="minutes-h-header">
        <h2 id="minutes-h-header">{t('minutes.header')}</h2>
        <div className="minutes-grid">
          <Field label={t('minutes.format')}>
            <select
              value={c.format}
              disabled={readOnly}
              data-testid="minutes-format"
              onChange={(e) => onChange({ ...c, format: e.target.value === 'hd36' ? 'hd36' : 'nd30' })}
            >
              <option value="nd30">{t('minutes.format_nd30')}</option>
              <option value="hd36">{t('minutes.format_hd36')}</option>
            </select>
          </Field>
          <Text
            label={t(hd36 ? 'minutes.parentBodyHd36' : 'minutes.parentBody')}
            value={c.header.parentBody}
            readOnly={readOnly}
            testId="minutes-parent-body"
            onValue={header('parentBody')}
          />
          <Text
            label={t(hd36 ? 'minutes.issuingBodyHd36' : 'minutes.issuingBody')}
            value={c.header.issuingBody}
            readOnly={readOnly}
            testId="minutes-issuing-body"
            onValue={header('issuingBody')}
          />
          <Text
            label={t('minutes.number')}
            value={c.header.number}
            readOnly={readOnly}
            testId="minutes-number"
            onValue={header('number')}
          />
          <Text
            label={t('minutes.place')}
            value={c.header.place}
            readOnly={readOnly}
            testId="minutes-place"
            onValue={header('place')}
          />
          <Field label={t('minutes.date')}>
            <input
              type="date"
              value={c.header.date}
              readOnly={readOnly}
              data-testid="minutes-date"
              onChange={(e) => e.target.value && header('date')(e.target.value)}
            />
          </Field>
        </div>
        <Text
          label={t('minutes.subject')}
          value={c.subject}
          readOnly={readOnly}
          testId="minutes-subject"
          onValue={field('subject')}
        />
      </section>
      <section className="card" aria-labelledby="minutes-h-general">
        <h2 id="minutes-h-general">{t('minutes.general')}</h2>
        <Text
          label={t('minutes.location')}
          value={c.location}
          readOnly={readOnly}
          multiline
          testId="minutes-location"
          onValue={field('location')}
        />
        <div className="minutes-grid">
          <Text
            label={t('minutes.chair')}
            value={c.chair}
            readOnly={readOnly}
            testId="minutes-chair"
            onValue={field('chair')}
          />
          <Text
            label={t('minutes.secretary')}
            value={c.secretary}
            readOnly={readOnly}
            testId="minutes-secretary"
            onValue={field('secretary')}
          />
        </div>
        <h3>{t('minutes.attendance')}</h3>
        <div className="minutes-points">
          {c.points.map((p, i) => (
            <Point
              key={i}
              p={p}
              i={i}
              readOnly={readOnly}
              set={(np) => onChange({ ...c, points: c.points.map((x, k) => (k === i ? np : x)) })}
            />
          ))}
        </div>
      </section>
      <h2>{t('minutes.items')}</h2>
      {c.items.map((item, i) => (
        <Item
          key={i}
          item={item}
          n={i + 1}
          readOnly={readOnly}
          set={(ni) => onChange({ ...c, items: c.items.map((x, k) => (k === i ? ni : x)) })}
        />
      ))}
      <section className="card" aria-labelledby="minutes-h-closing">
        <h2 id="minutes-h-closing">{t('minutes.closing')}</h2>
        <Text
          label={t('minutes.closing')}
          value={c.closing}
          readOnly={readOnly}
          multiline
          testId="minutes-closing"
          onValue={field('closing')}
        />
      </section>
    </div>
  );
}
