// Bridge points (điểm cầu): name, organization, location, capacity, the main point, and the health
// of the device bound to each; add, edit and delete.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BridgePointCreateSchema, type BridgePointView } from '../../lib/api/contract';
import {
  createBridgePoint,
  deleteBridgePoint,
  flattenTree,
  listBridgePoints,
  listOrganizations,
  updateBridgePoint,
} from '../../lib/api/org';
import { formFailure, zodFieldErrors, type FormFailure } from '../../lib/form-errors';
import { parseReceiveCap } from '../../lib/receive-cap';
import { sortVi } from '../../lib/search';
import { Field, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { DeviceHealth } from './DeviceStatusCell';
import { DeleteConfirm, RowActions, EditFormCard } from './shared';

interface Draft {
  id: string | null;
  name: string;
  organizationId: string;
  location: string;
  capacity: string;
  isMain: boolean;
  /** Receive-bandwidth cap in kbit/s as typed; empty = no cap. */
  receiveCap: string;
}

const toDraft = (b: BridgePointView | null): Draft => ({
  id: b?.id ?? null,
  name: b?.name ?? '',
  organizationId: b?.organizationId ?? '',
  location: b?.location ?? '',
  capacity: String(b?.capacity ?? 30),
  isMain: b?.isMain ?? false,
  receiveCap: b?.receiveCapKbps == null ? '' : String(b.receiveCapKbps),
});

export function BridgePointsSection(): ReactElement {
  const { t } = useTranslation();
  const load = useLoad(listBridgePoints, 'bps');
  const orgs = useLoad(listOrganizations, 'orgs');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [doomed, setDoomed] = useState<BridgePointView | null>(null);
  const now = new Date();
  const rows = sortVi(load.data ?? [], (b) => b.name).sort((a, b) => Number(b.isMain) - Number(a.isMain));

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft) return;
    const receiveCapKbps = parseReceiveCap(draft.receiveCap);
    const body = {
      name: draft.name,
      organizationId: draft.organizationId,
      location: draft.location,
      capacity: Number(draft.capacity || 'x'),
      isMain: draft.isMain,
      receiveCapKbps: receiveCapKbps ?? null,
    };
    const parsed = BridgePointCreateSchema.safeParse(body);
    if (!parsed.success || receiveCapKbps === undefined) {
      const fields = parsed.success ? {} : zodFieldErrors(parsed.error.issues);
      if (receiveCapKbps === undefined) fields.receiveCapKbps = 'bridge.receiveCapInvalid';
      return setFailure({ fields, general: 'form.fixErrors' });
    }
    try {
      if (draft.id) await updateBridgePoint(draft.id, body);
      else await createBridgePoint(body);
      setStatus(t('common.savedName', { name: draft.name }));
      setDraft(null);
      setFailure(null);
      load.reload();
    } catch (err) {
      setFailure(
        formFailure(err, ['name', 'organizationId', 'location', 'capacity', 'isMain', 'receiveCapKbps']),
      );
    }
  };
  const remove = (): void => {
    const b = doomed;
    setDoomed(null);
    if (b)
      deleteBridgePoint(b.id).then(
        () => {
          setStatus(t('common.deletedName', { name: b.name }));
          load.reload();
        },
        (err: unknown) => setFailure(formFailure(err, [])),
      );
  };

  return (
    <div className="admin-section">
      <div className="row">
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setDraft(toDraft(null))}
          data-testid="bp-add"
        >
          + {t('bridge.add')}
        </button>
      </div>
      <Status text={status} />
      {draft && (
        <EditFormCard
          name="bp"
          title={draft.id ? t('bridge.editTitle') : t('bridge.addTitle')}
          failure={failure}
          onSubmit={(e) => void save(e)}
          onCancel={() => setDraft(null)}
        >
          <Field label={t('bridge.name')} error={failure?.fields.name}>
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              autoFocus
              data-testid="bp-name"
            />
          </Field>
          <Field label={t('bridge.organization')} error={failure?.fields.organizationId}>
            <select
              value={draft.organizationId}
              onChange={(e) => setDraft({ ...draft, organizationId: e.target.value })}
              data-testid="bp-org"
            >
              <option value="">{t('editor.choose')}</option>
              {flattenTree(orgs.data ?? []).map(({ node, depth }) => (
                <option key={node.id} value={node.id}>
                  {'\u00a0\u00a0'.repeat(depth)}
                  {node.name}
                </option>
              ))}
            </select>
          </Field>
          <div className="grid-2">
            <Field label={t('bridge.location')} error={failure?.fields.location}>
              <input
                value={draft.location}
                onChange={(e) => setDraft({ ...draft, location: e.target.value })}
              />
            </Field>
            <Field label={t('bridge.capacity')} error={failure?.fields.capacity}>
              <input
                inputMode="numeric"
                value={draft.capacity}
                onChange={(e) => setDraft({ ...draft, capacity: e.target.value.replace(/\D/g, '') })}
              />
            </Field>
          </div>
          <Field
            label={t('bridge.receiveCap')}
            error={failure?.fields.receiveCapKbps}
            hint={t('bridge.receiveCapHint')}
          >
            <input
              inputMode="numeric"
              value={draft.receiveCap}
              placeholder={t('bridge.noCap')}
              onChange={(e) => setDraft({ ...draft, receiveCap: e.target.value })}
              data-testid="bp-receive-cap"
            />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.isMain}
              onChange={(e) => setDraft({ ...draft, isMain: e.target.checked })}
              aria-describedby="bp-main-hint"
            />
            <span>{t('bridge.isMain')}</span>
          </label>
          <p className="field__hint" id="bp-main-hint">
            {t('bridge.isMainHint')}
          </p>
        </EditFormCard>
      )}
      <LoadState status={load.status} error={load.error} />
      <div className="table-wrap">
        <table className="table" data-testid="bp-table">
          <caption className="sr-only">{t('admin.diem-cau')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bridge.name')}</th>
              <th scope="col">{t('bridge.organization')}</th>
              <th scope="col">{t('bridge.location')}</th>
              <th scope="col">{t('bridge.capacity')}</th>
              <th scope="col">{t('bridge.receiveCap')}</th>
              <th scope="col">{t('bridge.device')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.id}>
                <th scope="row">
                  {b.name} {b.isMain && <span className="tag tag--host">{t('bridge.main')}</span>}
                </th>
                <td>{b.organizationName}</td>
                <td>{b.location}</td>
                <td className="num">{b.capacity}</td>
                <td className="num" data-testid="bp-cap-cell">
                  {b.receiveCapKbps ?? <span className="muted">{t('bridge.noCap')}</span>}
                </td>
                <td>
                  {b.device ? (
                    <DeviceHealth d={b.device} now={now} />
                  ) : (
                    <span className="muted">{t('bridge.noDevice')}</span>
                  )}
                </td>
                <td className="cell-actions">
                  <RowActions
                    name={b.name}
                    onEdit={() => setDraft(toDraft(b))}
                    onDelete={() => setDoomed(b)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DeleteConfirm
        open={doomed !== null}
        title={t('bridge.deleteConfirm', { name: doomed?.name ?? '' })}
        onConfirm={remove}
        onCancel={() => setDoomed(null)}
      />
    </div>
  );
}
