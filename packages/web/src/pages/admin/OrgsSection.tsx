// Organizations as a tree (Đảng ủy, UBND, MTTQ, khu phố, chi bộ) with their members; add a root
// or a child, rename, move, delete with confirmation.
import { useState, type FormEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ORGANIZATION_KINDS,
  OrganizationCreateSchema,
  type OrganizationKind,
  type OrganizationNode,
} from '../../lib/api/contract';
import {
  createOrganization,
  deleteOrganization,
  flattenTree,
  listOrganizations,
  updateOrganization,
} from '../../lib/api/org';
import { formFailure, zodFieldErrors, type FormFailure } from '../../lib/form-errors';
import { sortVi } from '../../lib/search';
import { Field, LoadState, Status } from '../../ui/form';
import { useLoad } from '../../ui/useLoad';
import { DeleteConfirm, RowActions, RowButton, EditFormCard } from './shared';

interface Draft {
  id: string | null;
  name: string;
  kind: OrganizationKind;
  parentId: string;
}

function Node({
  node,
  onEdit,
  onAdd,
  onDelete,
}: {
  node: OrganizationNode;
  onEdit: (n: OrganizationNode) => void;
  onAdd: (n: OrganizationNode) => void;
  onDelete: (n: OrganizationNode) => void;
}): ReactElement {
  const { t } = useTranslation();
  const members = sortVi(node.members, (m) => m.fullName);
  return (
    <li className="tree__item" data-testid="org-node">
      <div className="tree__row">
        <span className="tree__name">{node.name}</span>
        <span className="tag tag--kind">{t(`orgKind.${node.kind}`)}</span>
        <span className="tree__tools">
          <RowActions name={node.name} onEdit={() => onEdit(node)} onDelete={() => onDelete(node)}>
            <RowButton label={t('orgs.addChild')} name={node.name} onClick={() => onAdd(node)} />
          </RowActions>
        </span>
      </div>
      {members.length > 0 && (
        <details className="tree__members">
          <summary>{t('orgs.members', { count: members.length })}</summary>
          <ul>
            {members.map((m) => (
              <li key={m.personId}>
                {m.fullName}
                {m.title && <span className="muted"> — {m.title}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {node.children.length > 0 && (
        <ul className="tree">
          {node.children.map((c) => (
            <Node key={c.id} node={c} onEdit={onEdit} onAdd={onAdd} onDelete={onDelete} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function OrgsSection(): ReactElement {
  const { t } = useTranslation();
  const load = useLoad(listOrganizations, 'orgs');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [doomed, setDoomed] = useState<OrganizationNode | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const all = flattenTree(load.data ?? []);

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!draft) return;
    const body = { name: draft.name, kind: draft.kind, parentId: draft.parentId || null };
    const parsed = OrganizationCreateSchema.safeParse(body);
    if (!parsed.success) return setFailure({ fields: zodFieldErrors(parsed.error.issues), general: null });
    try {
      if (draft.id) await updateOrganization(draft.id, body);
      else await createOrganization(body);
      setStatus(t('common.savedName', { name: draft.name }));
      setDraft(null);
      setFailure(null);
      load.reload();
    } catch (err) {
      setFailure(formFailure(err, ['name', 'kind', 'parentId']));
    }
  };
  const remove = (): void => {
    const n = doomed;
    setDoomed(null);
    if (!n) return;
    deleteOrganization(n.id).then(
      () => {
        setStatus(t('common.deletedName', { name: n.name }));
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
          onClick={() => setDraft({ id: null, name: '', kind: 'neighborhood', parentId: '' })}
          data-testid="org-add"
        >
          + {t('orgs.add')}
        </button>
      </div>
      <Status text={status} />
      {draft && (
        <EditFormCard
          name="org"
          title={draft.id ? t('orgs.editTitle') : t('orgs.addTitle')}
          failure={failure}
          onSubmit={(e) => void save(e)}
          onCancel={() => setDraft(null)}
        >
          <Field label={t('orgs.name')} error={failure?.fields.name}>
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              autoFocus
              data-testid="org-name"
            />
          </Field>
          <Field label={t('orgs.kind')}>
            <select
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value as OrganizationKind })}
            >
              {ORGANIZATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`orgKind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('orgs.parent')} error={failure?.fields.parentId}>
            <select value={draft.parentId} onChange={(e) => setDraft({ ...draft, parentId: e.target.value })}>
              <option value="">{t('orgs.noParent')}</option>
              {all
                .filter(({ node }) => node.id !== draft.id)
                .map(({ node, depth }) => (
                  <option key={node.id} value={node.id}>
                    {'\u00a0\u00a0'.repeat(depth)}
                    {node.name}
                  </option>
                ))}
            </select>
          </Field>
        </EditFormCard>
      )}
      <LoadState status={load.status} error={load.error} />
      <ul className="tree tree--root" aria-label={t('admin.to-chuc')}>
        {(load.data ?? []).map((n) => (
          <Node
            key={n.id}
            node={n}
            onEdit={(x) => setDraft({ id: x.id, name: x.name, kind: x.kind, parentId: x.parentId ?? '' })}
            onAdd={(x) =>
              setDraft({
                id: null,
                name: '',
                kind: x.kind === 'neighborhood' ? 'party_cell' : 'neighborhood',
                parentId: x.id,
              })
            }
            onDelete={setDoomed}
          />
        ))}
      </ul>
      <DeleteConfirm
        open={doomed !== null}
        title={t('orgs.deleteConfirm', { name: doomed?.name ?? '' })}
        onConfirm={remove}
        onCancel={() => setDoomed(null)}
      >
        <p>{t('orgs.deleteBody')}</p>
      </DeleteConfirm>
    </div>
  );
}
