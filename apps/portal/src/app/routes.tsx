import { Spin } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { lazyPage } from '../i18n/areas';

// Every page is its own chunk, loaded with the message areas it reads: the first load carries the shell and the
// page asked for, nothing else.
const MyWork = lazyPage(() => import('../pages/my-work/MyWorkPage'));
const TransferList = lazyPage(() => import('../pages/transfers/TransferListPage'));
const TransferDetail = lazyPage(() => import('../pages/transfers/TransferDetailPage'), 'detail');
const TransferSend = lazyPage(() => import('../pages/transfers/TransferSendPage'));
const PactList = lazyPage(() => import('../pages/pacts/PactListPage'), 'pacts');
const PactDetail = lazyPage(() => import('../pages/pacts/PactDetailPage'), 'pacts');
const PactEdit = lazyPage(() => import('../pages/pacts/PactEditPage'), 'pacts');
const Scorecards = lazyPage(() => import('../pages/pacts/ScorecardsPage'), 'pacts');
const Statistics = lazyPage(() => import('../pages/statistics/StatisticsPage'), 'statistics');
const RecordsLookup = lazyPage(() => import('../pages/records/RecordsLookupPage'), 'records');
const RecordsAudit = lazyPage(() => import('../pages/records/RecordsAuditPage'), 'records');
const ConsultationList = lazyPage(
  () => import('../pages/consultations/ConsultationListPage'),
  'consultations',
);
const ConsultationNew = lazyPage(() => import('../pages/consultations/ConsultationNewPage'), 'consultations');
const ConsultationDetail = lazyPage(
  () => import('../pages/consultations/ConsultationDetailPage'),
  'consultations',
);
const MeetingList = lazyPage(() => import('../pages/meetings/MeetingListPage'), 'meetings');
const MeetingNew = lazyPage(() => import('../pages/meetings/MeetingNewPage'), 'meetings');
const MeetingDetail = lazyPage(() => import('../pages/meetings/MeetingDetailPage'), 'meetings');
const NotFound = lazyPage(() => import('../pages/NotFoundPage'));

export function Routing() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Spin aria-label={t('common.loading')} />}>
      <Routes>
        <Route path="/" element={<MyWork />} />
        <Route path="/transfers/inbox" element={<TransferList box="inbox" />} />
        <Route path="/transfers/outbox" element={<TransferList box="outbox" />} />
        <Route path="/transfers/new" element={<TransferSend />} />
        <Route path="/transfers/:id" element={<TransferDetail />} />
        <Route path="/pacts" element={<PactList />} />
        <Route path="/pacts/new" element={<PactEdit />} />
        <Route path="/pacts/scorecards" element={<Scorecards />} />
        <Route path="/pacts/:code" element={<PactDetail />} />
        <Route path="/pacts/:code/amend" element={<PactEdit />} />
        <Route path="/statistics" element={<Statistics />} />
        <Route path="/records" element={<RecordsLookup />} />
        <Route path="/records/audit" element={<RecordsAudit />} />
        <Route path="/consultations" element={<ConsultationList />} />
        <Route path="/consultations/new" element={<ConsultationNew />} />
        <Route path="/consultations/supervise" element={<ConsultationNew mode="supervise" />} />
        <Route path="/consultations/:id" element={<ConsultationDetail />} />
        <Route path="/meetings" element={<MeetingList />} />
        <Route path="/meetings/new" element={<MeetingNew />} />
        <Route path="/meetings/:id" element={<MeetingDetail />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Suspense>
  );
}
