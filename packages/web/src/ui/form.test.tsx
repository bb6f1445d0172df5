// The shared labelled field (ui/form.tsx Field): the label points at the control, and the
// control's own description and invalid state (a form-level error, as the reports' month range
// uses) are kept beside the field's hint and error.
import i18next from 'i18next';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { resources } from '../i18n';
import { Field } from './form';

async function render(node: ReactElement): Promise<Rendered> {
  const i18n = i18next.createInstance();
  await i18n.use(initReactI18next).init({ resources, lng: 'vi', interpolation: { escapeValue: false } });
  const html = renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
  return parse(html);
}

/** A tiny reader of the rendered attributes (no DOM in the unit tests). */
function parse(html: string): Rendered {
  const attrs = (tag: string): Record<string, string> => {
    const m = new RegExp(`<${tag}\\b([^>]*)>`).exec(html);
    const out: Record<string, string> = {};
    for (const a of (m?.[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)) out[a[1] ?? ''] = a[2] ?? '';
    return out;
  };
  return {
    html,
    label: attrs('label'),
    input: attrs('input'),
    error: /field__error" id="([^"]+)"/.exec(html)?.[1],
  };
}
interface Rendered {
  html: string;
  label: Record<string, string>;
  input: Record<string, string>;
  error: string | undefined;
}

describe('Field', () => {
  it('labels its control', async () => {
    const d = await render(
      <Field label="Từ tháng">
        <input type="month" />
      </Field>,
    );
    expect(d.html).toContain('>Từ tháng</label>');
    expect(d.label.for).toBeTruthy();
    expect(d.input.id).toBe(d.label.for);
    expect(d.input['aria-invalid']).toBeUndefined();
    expect(d.input['aria-describedby']).toBeUndefined();
  });

  it("keeps the control's own description and invalid state", async () => {
    const d = await render(
      <Field label="Từ tháng">
        <input type="month" aria-invalid aria-describedby="report-range-error" />
      </Field>,
    );
    expect(d.input['aria-invalid']).toBe('true');
    expect(d.input['aria-describedby']).toBe('report-range-error');
  });

  it('adds its own hint and error after them', async () => {
    const d = await render(
      <Field label="Số" hint="Ví dụ: 12" error="errors.validation">
        <input type="text" aria-describedby="outer" />
      </Field>,
    );
    expect(d.input['aria-invalid']).toBe('true');
    expect(d.input['aria-describedby']).toBe(`outer ${d.input.id}-hint ${d.error}`);
    expect(d.error).toBe(`${d.input.id}-error`);
  });
});
