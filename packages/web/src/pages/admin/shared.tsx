// Pieces shared by the admin sections: the small ghost buttons in a table row (visible label plus
// the row's name for screen readers), the Sửa/Xóa pair, and the delete confirmation.
import type { FormEvent, ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormFailure } from '../../lib/form-errors';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { FormAlert } from '../../ui/form';

/** A small ghost button whose accessible name is its label followed by the row's name. */
export function RowButton({
  label,
  name,
  onClick,
  danger,
  testId,
}: {
  label: string;
  name: string;
  onClick: () => void;
  danger?: boolean;
  testId?: string;
}): ReactElement {
  return (
    <button
      type="button"
      className={danger ? 'btn btn--ghost btn--small btn--danger-text' : 'btn btn--ghost btn--small'}
      onClick={onClick}
      data-testid={testId}
    >
      {label}
      <span className="sr-only"> {name}</span>
    </button>
  );
}

/** "Sửa" then "Xóa" for one row; `children` go between them. */
export function RowActions({
  name,
  onEdit,
  onDelete,
  editLabel,
  deleteLabel,
  children,
}: {
  name: string;
  onEdit: () => void;
  onDelete: () => void;
  editLabel?: string;
  deleteLabel?: string;
  children?: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <>
      <RowButton label={editLabel ?? t('common.edit')} name={name} onClick={onEdit} />
      {children}
      <RowButton label={deleteLabel ?? t('common.delete')} name={name} onClick={onDelete} danger />
    </>
  );
}

/** The danger confirmation before deleting (or revoking) something. */
export function DeleteConfirm({
  open,
  title,
  confirmLabel,
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      open={open}
      title={title}
      confirmLabel={confirmLabel ?? t('common.delete')}
      danger
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {children}
    </ConfirmDialog>
  );
}

/**
 * The add/edit form card of an admin section: title, the server's error summary, the fields, and
 * Lưu / Hủy. `name` prefixes the test ids (`<name>-form`, `<name>-save`).
 */
export function EditFormCard({
  name,
  title,
  failure,
  onSubmit,
  onCancel,
  children,
}: {
  name: string;
  title: string;
  failure: FormFailure | null;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
  children: ReactNode;
}): ReactElement {
  const { t } = useTranslation();
  return (
    <form className="card form-card" onSubmit={onSubmit} noValidate data-testid={`${name}-form`}>
      <h2>{title}</h2>
      <FormAlert failure={failure} />
      {children}
      <div className="row">
        <button type="submit" className="btn btn--primary" data-testid={`${name}-save`}>
          {t('common.save')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
