import { Module } from '@nestjs/common';
import { RecordsResolver } from './records.resolver.js';

/** Purpose-bound, audited offender-record lookups and the audit-log verification: GraphQL over the records service. */
@Module({ providers: [RecordsResolver] })
export class RecordsModule {}
