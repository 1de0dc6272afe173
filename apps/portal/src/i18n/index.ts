import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setAreaTarget } from './areas';
import bo from './messages/bo.json';
import en from './messages/en.json';
import zhCN from './messages/zh-CN.json';

/** The portal's languages: Chinese (the default), English and Tibetan. */
export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
  { code: 'bo', label: 'བོད་ཡིག' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'yiti.language';

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value);
}

export function storedLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : 'zh-CN';
}

export function rememberLanguage(language: Language): void {
  window.localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

/**
 * The shell's messages per language (messages/<lang>.json: header, menu, home, transfer lists and forms). The
 * other pages' messages are areas that load with those pages (areas.ts). i18n.test.ts checks that every language
 * has every key of each.
 */
export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
  bo: { translation: bo },
} as const;

export async function initI18n(language: Language = storedLanguage()): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  setAreaTarget(instance);
  return instance;
}
