import { CreateRecordsAudit1764100000000 } from './1764100000000-create-records-audit.js';
import { CreateRecordsPersons1764100000001 } from './1764100000001-create-records-persons.js';
import { RecordsServiceAccess1764100000002 } from './1764100000002-records-service-access.js';
import { RecordsNameKeying1764100000010 } from './1764100000010-name-keying.js';
import { RecordsAuditCaller1764100000020 } from './1764100000020-audit-caller.js';

/** Every migration of schema `records`, in order (the service and npm run records:generate both run them). */
export const RECORDS_MIGRATIONS = [
  CreateRecordsAudit1764100000000,
  CreateRecordsPersons1764100000001,
  RecordsServiceAccess1764100000002,
  RecordsNameKeying1764100000010,
  RecordsAuditCaller1764100000020,
];
