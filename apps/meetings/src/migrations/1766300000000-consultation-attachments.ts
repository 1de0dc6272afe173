import type { MigrationInterface, QueryRunner } from 'typeorm';
import { attachmentTablesDown, attachmentTablesUp } from '@yiti/persistence';

/** The tables as this migration made them (ConsultationAttachmentsService names the same ones). */
const TABLES = {
  schema: 'meetings',
  table: 'consultation_attachment',
  chunkTable: 'consultation_attachment_chunk',
  ownerColumn: 'consultation_id',
};

/** Files attached to police consultations, in chunks (the shared AttachmentStore's two tables). */
export class ConsultationAttachments1766300000000 implements MigrationInterface {
  name = 'ConsultationAttachments1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await attachmentTablesUp(q, TABLES, 'police_consultation');
  }

  async down(q: QueryRunner): Promise<void> {
    await attachmentTablesDown(q, TABLES);
  }
}
