import { useCallback, useMemo } from 'react';

/*
 * A half-filled form survives the session ending: what is typed is kept in sessionStorage (this tab only,
 * gone with it) under the form's name and the person, and comes back when the page is opened again — after the
 * sign-in redirect too. Submitting clears it.
 */

const PREFIX = 'yiti.form.';

export interface FormStore {
  load(): Record<string, unknown> | undefined;
  save(values: Record<string, unknown>): void;
  clear(): void;
}

export function formStore(storage: Storage, name: string, username: string): FormStore {
  const key = `${PREFIX}${username}.${name}`;
  return {
    load() {
      const raw = storage.getItem(key);
      if (!raw) return undefined;
      try {
        const parsed: unknown = JSON.parse(raw);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : undefined;
      } catch {
        storage.removeItem(key);
        return undefined;
      }
    },
    save(values) {
      const kept = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
      if (Object.keys(kept).length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(kept));
    },
    clear() {
      storage.removeItem(key);
    },
  };
}

/** For an antd Form: `initialValues` from the store, `onValuesChange` saves all values, `clear` after submit. */
export function usePersistedForm(name: string, username: string) {
  const store = useMemo(() => formStore(window.sessionStorage, name, username), [name, username]);
  const initialValues = useMemo(() => store.load(), [store]);
  const onValuesChange = useCallback(
    (_changed: unknown, all: Record<string, unknown>) => store.save(all),
    [store],
  );
  return { initialValues, onValuesChange, clear: store.clear };
}
