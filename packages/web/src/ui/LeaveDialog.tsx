// Confirmation before leaving, as a native modal <dialog> (focus trapped, Esc cancels).
import { useEffect, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { LeaveIcon } from './icons';

export function LeaveDialog({
  open,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}): ReactElement {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="leave-title"
      aria-describedby="leave-body"
      onClose={onCancel}
      data-testid="leave-dialog"
    >
      <h2 id="leave-title">{t('leave.confirmTitle')}</h2>
      <p id="leave-body">{t('leave.confirmBody')}</p>
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost btn--large" onClick={onCancel} autoFocus>
          {t('leave.cancel')}
        </button>
        <button
          type="button"
          className="btn btn--danger btn--large"
          onClick={onConfirm}
          data-testid="btn-leave-confirm"
        >
          <LeaveIcon /> {t('leave.confirm')}
        </button>
      </div>
    </dialog>
  );
}
