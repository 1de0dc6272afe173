import type { RecordsAuditEntriesQuery } from '../../graphql/records.generated';

export {
  RecordsAuditEntriesDocument,
  RecordsAuditVerificationDocument,
  type RecordsAuditFilterInput,
  type RecordsAuditOutcome,
} from '../../graphql/records.generated';

/** One entry of the trail as the page reads it. */
export type RecordsAuditAuditEntry = RecordsAuditEntriesQuery['recordsAuditEntries']['entries'][number];
