// The devices status board: pair a kiosk by the code on its screen, see each device's bridge
// point, health and last network test (refreshed every 15 s), and revoke one after confirming.
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { DevicePairSchema, type DeviceView, type KioskNetworkTest } from '../../lib/api/contract';
import { listDevices, pairDevice, revokeDevice, updateDevice } from '../../lib/api/devices';
import { listBridgePoints } from '../../lib/api/org';
import { formFailure, zodFieldErrors, type FormFailure } from '../../lib/form-errors';
import { relativeTime } from '../../lib/relative-time';
import { sortVi } from '../../lib/search';
import { Field, FormAlert, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { DeviceHealth } from './DeviceStatusCell';
import { DevicesReadiness } from './DevicesReadiness';
import { DeleteConfirm, RowButton } from './shared';

const REFRESH_MS = 15_000;

function NetworkTest({ test, now }: { test: KioskNetworkTest | null; now: Date }): ReactElement {
  const { t, i18n } = useTranslation();
  if (!test) return <span className="muted">{t('devices.noTest')}</span>;
  const parts = [
    test.rttMs !== undefined ? `${Math.round(test.rttMs)} ms` : null,
    test.lossPercent !== undefined ? t('devices.loss', { value: test.lossPercent }) : null,
    test.downKbps !== undefined ? `↓ ${Math.round(test.downKbps)} kbps` : null,
    test.upKbps !== undefined ? `↑ ${Math.round(test.upKbps)} kbps` : null,
  ].filter(Boolean);
  return (
    <span>
      {parts.join(' · ')} <span className="muted">({relativeTime(test.at, now, i18n.language)})</span>
    </span>
  );
}

function PairForm({ onPaired }: { onPaired: (label: string) => void }): ReactElement {
  const { t } = useTranslation();
  const bps = useLoad(listBridgePoints, 'bps');
  const [code, setCode] = useState('');
  const [bridgePointId, setBp] = useState('');
  const [label, setLabel] = useState('');
  const [autoJoin, setAutoJoin] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const body = { pairingCode: code, bridgePointId, label: label || undefined, autoJoin };
    const parsed = DevicePairSchema.safeParse(body);
    if (!parsed.success) return setFailure({ fields: zodFieldErrors(parsed.error.issues), general: null });
    try {
      await pairDevice(parsed.data);
      const bp = bps.data?.find((b) => b.id === bridgePointId)?.name ?? '';
      onPaired(bp);
      setCode('');
      setLabel('');
      setFailure(null);
    } catch (err) {
      setFailure(formFailure(err, ['pairingCode', 'bridgePointId', 'label']));
    }
  };
  return (
    <form
      className="card form-card pair-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      data-testid="pair-form"
    >
      <h2>{t('devices.pairTitle')}</h2>
      <p className="field__hint">{t('devices.pairHint')}</p>
      <FormAlert failure={failure} />
      <div className="grid-2">
        <Field label={t('devices.code')} error={failure?.fields.pairingCode}>
          <input
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            className="input--code"
            maxLength={12}
            data-testid="pair-code"
          />
        </Field>
        <Field label={t('devices.bridgePoint')} error={failure?.fields.bridgePointId}>
          <select
            value={bridgePointId}
            onChange={(e) => setBp(e.target.value)}
            data-testid="pair-bridge-point"
          >
            <option value="">{t('editor.choose')}</option>
            {sortVi(bps.data ?? [], (b) => b.name).map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label={t('devices.label')} hint={t('devices.labelHint')}>
        <input value={label} onChange={(e) => setLabel(e.target.value)} />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={autoJoin}
          onChange={(e) => setAutoJoin(e.target.checked)}
          data-testid="pair-autojoin"
        />
        <span>{t('devices.autoJoin')}</span>
      </label>
      <button type="submit" className="btn btn--primary btn--large" data-testid="pair-submit">
        {t('devices.pair')}
      </button>
    </form>
  );
}

export function DevicesSection(): ReactElement {
  const { t, i18n } = useTranslation();
  const load = useLoad(listDevices, 'devices');
  const [status, setStatus] = useState<string | null>(null);
  const [doomed, setDoomed] = useState<DeviceView | null>(null);
  const now = new Date();
  const { reload } = load;
  useEffect(() => {
    const id = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [reload]);
  const rows = sortVi(load.data ?? [], (d) => d.bridgePoint?.name ?? `~${d.label}`).sort(
    (a, b) => Number(a.status === 'revoked') - Number(b.status === 'revoked'),
  );
  const revoke = (): void => {
    const d = doomed;
    setDoomed(null);
    if (d)
      revokeDevice(d.id).then(
        () => {
          setStatus(t('devices.revoked', { name: d.bridgePoint?.name ?? d.label }));
          reload();
        },
        (e: unknown) => setStatus(t(formFailure(e, []).general ?? 'errors.internal')),
      );
  };
  const toggleAuto = (d: DeviceView): void => {
    updateDevice(d.id, { autoJoin: !d.autoJoin }).then(reload, () => setStatus(t('errors.internal')));
  };
  return (
    <div className="admin-section">
      <PairForm
        onPaired={(name) => {
          setStatus(t('devices.paired', { name }));
          reload();
        }}
      />
      <Status text={status} testId="devices-status" />
      <h2>{t('devices.board')}</h2>
      <LoadState status={load.status === 'loading' && load.data ? 'ok' : load.status} error={load.error} />
      <div className="table-wrap">
        <table className="table" data-testid="devices-table">
          <caption className="sr-only">{t('devices.board')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('devices.bridgePoint')}</th>
              <th scope="col">{t('devices.state')}</th>
              <th scope="col">{t('devices.health')}</th>
              <th scope="col">{t('devices.network')}</th>
              <th scope="col">{t('devices.autoJoinShort')}</th>
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} className={d.status === 'revoked' ? 'row--dim' : ''} data-testid="device-row">
                <th scope="row">
                  {d.bridgePoint?.name ?? t('devices.unbound')}
                  {d.label && <span className="muted block">{d.label}</span>}
                </th>
                <td>
                  {t(`devices.status_${d.status}`)}
                  {d.pairedAt && (
                    <span className="muted block">{relativeTime(d.pairedAt, now, i18n.language)}</span>
                  )}
                </td>
                <td>{d.status === 'revoked' ? '—' : <DeviceHealth d={d} now={now} />}</td>
                <td>
                  <NetworkTest test={d.lastNetworkTest} now={now} />
                </td>
                <td>
                  {d.status === 'paired' ? (
                    <button
                      type="button"
                      className="btn btn--ghost btn--small"
                      aria-pressed={d.autoJoin}
                      onClick={() => toggleAuto(d)}
                    >
                      {d.autoJoin ? t('common.on') : t('common.off')}
                      <span className="sr-only"> {t('devices.autoJoin')}</span>
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="cell-actions">
                  {d.status !== 'revoked' && (
                    <RowButton
                      label={t('devices.revoke')}
                      name={d.bridgePoint?.name ?? d.label}
                      onClick={() => setDoomed(d)}
                      danger
                      testId="device-revoke"
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DevicesReadiness />
      <DeleteConfirm
        open={doomed !== null}
        title={t('devices.revokeConfirm', { name: doomed?.bridgePoint?.name ?? doomed?.label ?? '' })}
        confirmLabel={t('devices.revoke')}
        onConfirm={revoke}
        onCancel={() => setDoomed(null)}
      >
        <p>{t('devices.revokeBody')}</p>
      </DeleteConfirm>
    </div>
  );
}
