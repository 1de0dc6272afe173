import { App } from 'antd';
import type { ReactNode } from 'react';
import { useAuth } from '../auth/auth';
import { saveBlob } from '../lib/save-file';

/**
 * A file the gateway serves to a signed-in person (a calendar, the minutes): the gateway wants the bearer token,
 * so the link fetches the file with it and hands the browser the file. The address stays the real one.
 */
export function FileLink(props: {
  path: string;
  fileName: string;
  children: ReactNode;
  /** Shown when the gateway does not hand the file over. */
  failed: string;
  testId: string;
}) {
  const auth = useAuth();
  const { message } = App.useApp();
  return (
    <a
      href={props.path}
      data-testid={props.testId}
      onClick={(e) => {
        e.preventDefault();
        void (async () => {
          try {
            const res = await fetch(props.path, {
              headers: { authorization: `Bearer ${auth.accessToken()}` },
            });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            saveBlob(await res.blob(), props.fileName);
          } catch {
            void message.error(props.failed);
          }
        })();
      }}
    >
      {props.children}
    </a>
  );
}
