// i18next setup: Vietnamese first, English on request; the choice is remembered on the device.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadPrefs, savePrefs } from '../lib/prefs';
import { en } from './en';
import { vi } from './vi';

export type Lang = 'vi' | 'en';
export const resources = { vi: { translation: vi }, en: { translation: en } } as const;

/** Initialises i18next with the remembered language (Vietnamese by default). */
export async function initI18n(): Promise<void> {
  const lang = loadPrefs().lang;
  await i18next.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lang;
}

/** Switches the language, remembers it, and updates <html lang>. */
export function setLanguage(lang: Lang): void {
  savePrefs({ lang });
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export const currentLang = (): Lang => (i18next.language === 'en' ? 'en' : 'vi');

/** Translates a wire error code, falling back to the server's message. */
export function errorText(t: (key: string) => string, code: string, fallback: string): string {
  const key = `errors.${code}`;
  const text = t(key);
  return text === key ? fallback : text;
}
