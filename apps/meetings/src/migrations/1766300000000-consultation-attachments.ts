import type { MigrationInterface, QueryRunner } from 'typeorm';
import { attachmentTablesDown, attachmentTablesUp } from '@yiti/persistence';
import { CONSULTATION_ATTACHMENT_TABLES } from '../consultations/consultation-attachments.service.js';

/** Files attached to police consultations, in chunks (the shared AttachmentStore's two tables). */
export class ConsultationAttachments1766300000000 implements MigrationInterface {
  name = 'ConsultationAttachments1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await attachmentTablesUp(q, CONSULTATION_ATTACHMENT_TABLES, 'police_consultation');
  }

  async down(q: QueryRunner): Promise<void> {
    await attachmentTablesDown(q, CONSULTATION_ATTACHMENT_TABLES);
  }
}
