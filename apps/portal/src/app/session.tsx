import { useQuery } from '@apollo/client/react';
import { Alert, Spin } from 'antd';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MeDocument,
  ReferenceListsDocument,
  type MeQuery,
  type ReferenceListsQuery,
} from '../graphql/shell.generated';
import { describeError } from '../graphql/errors';

type Me = MeQuery['me'];
type Organization = ReferenceListsQuery['organizations'][number];
type BusinessLine = ReferenceListsQuery['businessLines'][number];

/** The signed-in person as the gateway sees them, and the reference lists every page names things from. */
export interface Session {
  readonly me: Me;
  readonly roles: ReadonlySet<string>;
  readonly organizations: readonly Organization[];
  readonly businessLines: readonly BusinessLine[];
  /** An organization's name in the current language (Tibetan shows the Chinese name). */
  orgName(code: string | null | undefined): string;
  businessLineName(code: string): string;
  categoryName(businessLine: string, category: string): string;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

export function SessionProvider(props: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useQuery(MeDocument);
  const lists = useQuery(ReferenceListsDocument, { fetchPolicy: 'cache-first' });
  const english = i18n.language === 'en';
  const session = useMemo<Session | null>(() => {
    if (!me.data || !lists.data) return null;
    const orgs = new Map(lists.data.organizations.map((o) => [o.code, o]));
    const lines = new Map(lists.data.businessLines.map((l) => [l.code, l]));
    return {
      me: me.data.me,
      roles: new Set(me.data.me.roles),
      organizations: lists.data.organizations,
      businessLines: lists.data.businessLines,
      orgName: (code) => {
        if (!code) return '—';
        const o = orgs.get(code);
        return o ? (english ? o.nameEn : o.nameZh) : code;
      },
      businessLineName: (code) => {
        const l = lines.get(code);
        return l ? (english ? l.nameEn : l.nameZh) : code;
      },
      categoryName: (line, category) => {
        const c = lines.get(line)?.categories.find((x) => x.code === category);
        return c ? (english ? c.nameEn : c.nameZh) : category;
      },
    };
  }, [me.data, lists.data, english]);
  const error = me.error ?? lists.error;
  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ margin: 24 }}
        title={t('start.failed')}
        description={describeError(error, t, i18n.language).message}
      />
    );
  }
  if (!session) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin size="large" aria-label={t('common.loading')} />
      </div>
    );
  }
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}
