import { Module } from '@nestjs/common';
import { RecordAccess } from '../access/record-access.js';
import { AuditCheckpointer } from '../audit/audit-checkpointer.js';
import { AuditWriter } from '../audit/audit-writer.js';
import { LookupsService } from './lookups.service.js';
import { RecordLookupEvents } from './lookup-events.js';
import { RecordsController } from './records.controller.js';

@Module({
  controllers: [RecordsController],
  providers: [LookupsService, RecordAccess, AuditWriter, AuditCheckpointer, RecordLookupEvents],
})
export class LookupsModule {}
