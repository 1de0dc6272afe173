import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import type { i18n as I18n } from 'i18next';
import type { User, UserManager } from 'oidc-client-ts';
import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { AuthProvider } from '../auth/auth';
import { createApolloClient } from '../graphql/client';
import { SessionProvider } from './session';
import { Routing } from './routes';
import { Shell } from './Shell';

/** Providers, outermost first: language, sign-in, GraphQL, antd's theme and locale, the router. */
export function App(props: { manager: UserManager; user: User; i18n: I18n }) {
  const { manager, i18n } = props;
  const client = useMemo(
    () => createApolloClient(async () => (await manager.getUser())?.access_token),
    [manager],
  );
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    const changed = (lng: string) => setLanguage(lng);
    i18n.on('languageChanged', changed);
    return () => i18n.off('languageChanged', changed);
  }, [i18n]);
  // antd has no Tibetan locale: its own few strings (pagination, pickers) stay Chinese there.
  const antLocale = language === 'en' ? enUS : zhCN;
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
  return (
    <I18nextProvider i18n={i18n}>
      <AuthProvider manager={manager} user={props.user}>
        <ApolloProvider client={client}>
          <ConfigProvider
            locale={antLocale}
            theme={{
              token: {
                colorPrimary: '#9e1b1b',
                colorLink: '#0950c3',
                borderRadius: 4,
                fontFamily: FONT_STACK,
                // Secondary text dark enough for WCAG AA contrast (4.5:1) on white and on light tags.
                colorTextDescription: 'rgba(0, 0, 0, 0.65)',
                colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
                colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
                colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
              },
              components: { Tag: READABLE_TAGS },
            }}
          >
            <AntApp>
              <BrowserRouter>
                <SessionProvider>
                  <Shell>
                    <Routing />
                  </Shell>
                </SessionProvider>
              </BrowserRouter>
            </AntApp>
          </ConfigProvider>
        </ApolloProvider>
      </AuthProvider>
    </I18nextProvider>
  );
}

/**
 * Tag text dark enough for WCAG AA (4.5:1) on the tags' light backgrounds: antd's 7th shades of cyan, green,
 * orange, gold, volcano and lime, and its status colours, are lighter than that.
 */
const READABLE_TAGS = {
  cyan7: '#006d75',
  green7: '#237804',
  orange7: '#ad4e00',
  gold7: '#ad6800',
  volcano7: '#ad2102',
  lime7: '#3f6600',
  colorSuccess: '#237804',
  colorInfo: '#0958d9',
  colorWarning: '#ad6800',
  colorError: '#a8071a',
};

/** Tibetan script needs a font that has it (Noto Serif/Sans Tibetan, Microsoft Himalaya); CJK next. */
const FONT_STACK =
  "-apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans Tibetan', 'Noto Serif Tibetan', 'Microsoft Himalaya', " +
  "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
