import type { i18n as I18n } from 'i18next';
import { lazy, type ComponentType } from 'react';
import type { Language } from './index';

/** One language's messages of an area: a tree of strings. */
export type AreaMessages = Record<Language, Record<string, unknown>>;

/**
 * The message areas that load with their pages, not with the shell: `messages/<area>/{zh-CN,en,bo}.json`, read
 * as `t('<area>.…')`. Add an area here and name it in the routes of the pages that use it.
 */
export const AREAS = {
  consultations: () => import('./messages/consultations'),
  detail: () => import('./messages/detail'),
  meetings: () => import('./messages/meetings'),
  pacts: () => import('./messages/pacts'),
  statistics: () => import('./messages/statistics'),
  records: () => import('./messages/records'),
} satisfies Record<string, () => Promise<{ default: AreaMessages }>>;
export type Area = keyof typeof AREAS;

let active: I18n | undefined;

/** Called once by initI18n: the instance the areas are added to. */
export function setAreaTarget(i18n: I18n): void {
  active = i18n;
}

export function addArea(i18n: I18n, area: Area, messages: AreaMessages): void {
  for (const [language, tree] of Object.entries(messages))
    i18n.addResourceBundle(language, 'translation', { [area]: tree }, true, true);
}

/** A page as its own chunk, loaded together with the message areas it reads. */
export function lazyPage<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
  ...areas: Area[]
) {
  return lazy(async () => {
    const [page, ...loaded] = await Promise.all([load(), ...areas.map((a) => AREAS[a]())]);
    if (active) loaded.forEach((m, i) => addArea(active!, areas[i]!, m.default));
    return page;
  });
}
