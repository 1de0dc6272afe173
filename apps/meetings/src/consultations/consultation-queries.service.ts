import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ConsultationType,
  UUID,
  type Consultation as ConsultationMessage,
  type ListConsultationsRequest,
  type ListConsultationsResponse,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { decodePageToken, keysetPage } from '@yiti/persistence';
import { PoliceConsultation } from './consultation.entity.js';
import { ConsultationAttachmentsService } from './consultation-attachments.service.js';
import { canSee } from './consultation-writer.js';
import { ConsultationErrors } from './consultations.errors.js';
import { STATES, TYPES, toConsultationMessage } from './consultations.mapper.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** Reading consultations: only those the caller's organization may see (canSee / visible_to). */
@Injectable()
export class ConsultationQueriesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ConsultationAttachmentsService) private readonly attachments: ConsultationAttachmentsService,
  ) {}

  /** One consultation as `org` may see it. */
  async view(id: string, org: string): Promise<ConsultationMessage> {
    const consultation = await this.dataSource.getRepository(PoliceConsultation).findOneBy({ id });
    if (!consultation || !canSee(consultation, org)) throw ConsultationErrors.notFound(id);
    const files = await this.attachments.byConsultation(this.dataSource.manager, [id]);
    return toConsultationMessage(consultation, files.get(id));
  }

  async get(id: string, call: RpcCall): Promise<ConsultationMessage> {
    inputCheck().matches('id', id, UUID, 'must be a consultation id').done();
    return this.view(id, call.principal.org);
  }

  /** The caller's visible consultations, newest first, in pages (keyset on logged_at, id). */
  async list(request: ListConsultationsRequest, call: RpcCall): Promise<ListConsultationsResponse> {
    const states = request.states.map((s) => STATES.code(s));
    const type = request.type === ConsultationType.UNSPECIFIED ? undefined : TYPES.code(request.type);
    inputCheck()
      .that(
        'states',
        states.every((s) => s !== undefined),
        'must be consultation states',
      )
      .that('type', request.type === ConsultationType.UNSPECIFIED || !!type, 'must be a consultation type')
      .that('pageSize', request.pageSize <= MAX_PAGE, `must be at most ${MAX_PAGE}`)
      .done();
    const cursor = decodePageToken(request.pageToken);
    const size = request.pageSize || DEFAULT_PAGE;

    const q = this.dataSource
      .getRepository(PoliceConsultation)
      .createQueryBuilder('c')
      .where('c.visible_to @> ARRAY[:org]::text[]', { org: call.principal.org });
    if (states.length > 0) q.andWhere('c.state IN (:...states)', { states });
    if (type) q.andWhere('c.type = :type', { type });
    // The same rule as isFollowUpOverdue (consultations.mapper.ts).
    if (request.overdueOnly)
      q.andWhere(`(c.follow_up_overdue_at IS NOT NULL
                   OR (c.state = 'answered' AND c.follow_up_due_at < now()))`);
    if (cursor) q.andWhere('(c.logged_at, c.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await q
      .orderBy('c.logged_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(size + 1)
      .getMany();
    const { page, nextPageToken } = keysetPage(rows, size, (row) => row.loggedAt);
    const files = await this.attachments.byConsultation(
      this.dataSource.manager,
      page.map((c) => c.id),
    );
    return {
      $typeName: 'yiti.meetings.v1.ListConsultationsResponse',
      consultations: page.map((c) => toConsultationMessage(c, files.get(c.id))),
      nextPageToken,
    };
  }
}
