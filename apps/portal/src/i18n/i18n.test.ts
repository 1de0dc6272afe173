import { describe, expect, it } from 'vitest';
import { AREAS, type AreaMessages } from './areas';
import { resources } from './index';

/** Every key path with a string value, e.g. `home.title`. */
function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree === 'string') return [prefix];
  if (typeof tree !== 'object' || tree === null) return [];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function text(tree: unknown, key: string): string {
  return key.split('.').reduce<any>((n, p) => n?.[p], tree) as string;
}

const areaFiles = import.meta.glob<{ default: AreaMessages }>('./messages/*/index.ts', { eager: true });
const trees: Array<[string, AreaMessages]> = [
  [
    'shell',
    {
      'zh-CN': resources['zh-CN'].translation,
      en: resources.en.translation,
      bo: resources.bo.translation,
    },
  ],
  ...Object.entries(areaFiles).map(([path, m]) => [path.split('/')[2]!, m.default] as [string, AreaMessages]),
];

describe('message files', () => {
  it('are all loadable: every area folder is named in AREAS', () => {
    expect(Object.keys(AREAS).sort()).toEqual(
      trees
        .slice(1)
        .map(([area]) => area)
        .sort(),
    );
  });
  describe.each(trees)('%s', (_area, messages) => {
    const zh = keys(messages['zh-CN']).sort();
    it.each(['en', 'bo'] as const)('%s has every key zh-CN has, and no other', (language) => {
      // Tibetan alone carries reason messages: the gateway's catalogue gives zh-CN and English ones.
      const other = keys(messages[language])
        .filter((k) => !k.startsWith('errors.reason.'))
        .sort();
      expect(other).toEqual(zh);
    });
    it.each(['en', 'bo'] as const)('%s uses the same placeholders as zh-CN', (language) => {
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const key of zh)
        expect(placeholders(text(messages[language], key) ?? ''), key).toEqual(
          placeholders(text(messages['zh-CN'], key)),
        );
    });
    it('has no empty message', () => {
      for (const language of ['zh-CN', 'en', 'bo'] as const)
        for (const key of keys(messages[language]))
          expect(text(messages[language], key).trim().length, `${language} ${key}`).toBeGreaterThan(0);
    });
  });
});
