import {
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CommentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  HomeOutlined,
  InboxOutlined,
  LogoutOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Button, Grid, Layout, Menu, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth';
import { TAG } from '../components/colors';
import { seesConsultations } from '../pages/consultations/consultation-logic';
import { LANGUAGES, isLanguage, rememberLanguage } from '../i18n';
import { useSession } from './session';

/** The frame of every page: header (who, where, language, sign-out), the menu, and the session-ended dialog. */
export function Shell(props: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const auth = useAuth();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const prosecutor = session.roles.has('prosecutor') || session.roles.has('chief-prosecutor');
  const items = [
    { key: '/', icon: <HomeOutlined />, label: t('nav.home') },
    ...(prosecutor
      ? [
          { key: '/transfers/inbox', icon: <InboxOutlined />, label: t('nav.inbox') },
          { key: '/transfers/outbox', icon: <UploadOutlined />, label: t('nav.outbox') },
          { key: '/transfers/new', icon: <SendOutlined />, label: t('nav.send') },
        ]
      : []),
    { key: '/pacts', icon: <FileProtectOutlined />, label: t('nav.pacts') },
    { key: '/meetings', icon: <CalendarOutlined />, label: t('nav.meetings') },
    ...(seesConsultations({ organizationCode: session.me.organizationCode, roles: session.roles })
      ? [{ key: '/consultations', icon: <CommentOutlined />, label: t('nav.consultations') }]
      : []),
    // Records: prosecutors look up, records auditors read the audit trail (the records service decides again).
    ...(prosecutor ? [{ key: '/records', icon: <FileSearchOutlined />, label: t('nav.records') }] : []),
    ...(session.roles.has('records-auditor')
      ? [{ key: '/records/audit', icon: <AuditOutlined />, label: t('nav.recordsAudit') }]
      : []),
    { key: '/statistics', icon: <BarChartOutlined />, label: t('nav.statistics') },
  ];
  const selected =
    items
      .map((i) => i.key)
      .filter((k) => (k === '/' ? location.pathname === '/' : location.pathname.startsWith(k)))
      .sort((a, b) => b.length - a.length)[0] ?? '/';
  const menu = (
    <Menu
      mode={narrow ? 'horizontal' : 'inline'}
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => void navigate(key)}
      style={narrow ? { width: '100%' } : { borderInlineEnd: 0 }}
    />
  );
  const name = (auth.user.profile.name as string | undefined) ?? session.me.username;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          flexWrap: 'wrap',
          height: 'auto',
          lineHeight: 'normal',
          padding: narrow ? '8px 12px' : '8px 24px',
          background: '#7f1414',
        }}
      >
        <Typography.Title
          level={1}
          style={{ color: '#fff', margin: 0, fontSize: 20, flex: narrow ? '1 0 100%' : 'none' }}
        >
          {t('app.title')}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        <Space wrap size={[8, 4]} style={{ color: '#fff' }} data-testid="who">
          <span translate="no">{name}</span>
          <span aria-label={t('header.organization')}>{session.orgName(session.me.organizationCode)}</span>
          {session.me.roles.map((r) => (
            <Tag key={r} color={TAG.gold} style={{ marginInlineEnd: 0 }}>
              {t(`roles.${r}`, { defaultValue: r })}
            </Tag>
          ))}
          {/* Each language is named in itself (中文 / English / བོད་ཡིག), whatever the page's language. */}
          <Segmented
            translate="no"
            size="small"
            aria-label={t('header.language')}
            value={i18n.language}
            options={LANGUAGES.map((l) => ({ value: l.code, label: <span lang={l.code}>{l.label}</span> }))}
            onChange={(value) => {
              if (!isLanguage(value)) return;
              rememberLanguage(value);
              void i18n.changeLanguage(value);
            }}
          />
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void auth.signOut()}>
            {t('header.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout hasSider={!narrow} style={narrow ? { flexDirection: 'column' } : undefined}>
        {narrow ? (
          <nav aria-label={t('nav.label')}>{menu}</nav>
        ) : (
          <Layout.Sider width={200} theme="light">
            <nav aria-label={t('nav.label')}>{menu}</nav>
          </Layout.Sider>
        )}
        <Layout.Content id="main" tabIndex={-1} style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>
          {props.children}
        </Layout.Content>
      </Layout>
      <Modal
        open={auth.expired}
        closable={false}
        maskClosable={false}
        keyboard={false}
        title={t('session.expiredTitle')}
        footer={
          <Button type="primary" onClick={() => void auth.signIn()}>
            {t('session.signInAgain')}
          </Button>
        }
      >
        {t('session.expiredBody')}
      </Modal>
    </Layout>
  );
}
