import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Box,
  ORGANIZATION_CODE,
  SCOPE_CODE,
  AGREEMENT_CODE,
  UUID,
  type ListTransfersRequest,
  type Transfer as TransferMessage,
} from '@yiti/contracts';
import { Clock } from '@yiti/calendar';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { decodePageToken, keysetPage } from '@yiti/persistence';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { Deadlines } from './deadlines.js';
import { Transfer } from './transfer.entity.js';
import { TransferStep } from './transfer-step.entity.js';
import { actorOf, canSee, TransferWriter } from './transfer-writer.js';
import { TransferErrors } from './transfers.errors.js';
import { KINDS, STATES, toTransferMessage } from './transfers.mapper.js';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/**
 * Reading transfers. Opening one as its receiver for the first time records the receipt (a move like any
 * other, through TransferWriter).
 */
@Injectable()
export class TransferQueriesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TransferWriter) private readonly writer: TransferWriter,
    @Inject(Deadlines) private readonly deadlines: Deadlines,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AttachmentsService) private readonly attachments: AttachmentsService,
  ) {}

  /** One transfer with attachments and timeline, as `org` may see it. */
  async view(id: string, org: string): Promise<TransferMessage> {
    const manager = this.dataSource.manager;
    const transfer = await manager.getRepository(Transfer).findOneBy({ id });
    if (!transfer || !canSee(transfer, org)) throw TransferErrors.notFound(id);
    const [attachments, steps] = await Promise.all([
      this.attachments.store.listComplete(manager, [id]),
      manager.getRepository(TransferStep).find({ where: { transferId: id }, order: { id: 'ASC' } }),
    ]);
    return toTransferMessage(transfer, attachments, steps);
  }

  /** Opens a transfer; the receiver's first opening records the receipt. */
  async get(id: string, call: RpcCall): Promise<TransferMessage> {
    const org = call.principal.org;
    inputCheck().matches('id', id, UUID, 'must be a transfer id').done();
    const seen = await this.dataSource.getRepository(Transfer).findOneBy({ id });
    if (seen && seen.state === 'sent' && seen.receiverOrg === org) await this.recordReceipt(id, call);
    return this.view(id, org);
  }

  private async recordReceipt(id: string, call: RpcCall): Promise<void> {
    const org = call.principal.org;
    await this.dataSource.transaction(async (manager) => {
      const transfer = await this.writer.lock(manager, id, org);
      if (transfer.state !== 'sent' || transfer.receiverOrg !== org) return;
      const changes = this.deadlines.receipt(transfer, this.clock.now());
      await this.writer.move(manager, transfer, 'receive', actorOf(call.principal), changes);
    });
  }

  async list(request: ListTransfersRequest, call: RpcCall) {
    const states = request.states.map((s) => STATES.code(s));
    const kind = request.kind ? KINDS.code(request.kind) : undefined;
    inputCheck()
      .that(
        'box',
        [Box.INBOX, Box.OUTBOX, Box.SUPERVISED].includes(request.box),
        'must be INBOX, OUTBOX or SUPERVISED',
      )
      .that(
        'states',
        states.every((s) => s !== undefined),
        'must be transfer states',
      )
      .that('kind', !request.kind || kind !== undefined, 'must be CASE or LEAD')
      .that('businessLine', !request.businessLine || SCOPE_CODE.test(request.businessLine), 'must be a code')
      .that('category', !request.category || SCOPE_CODE.test(request.category), 'must be a code')
      .that(
        'counterpartOrg',
        !request.counterpartOrg || ORGANIZATION_CODE.test(request.counterpartOrg),
        'must be an organization code',
      )
      .that(
        'pactCode',
        !request.pactCode || AGREEMENT_CODE.test(request.pactCode),
        'must be an agreement code',
      )
      .that('pageSize', request.pageSize <= MAX_PAGE, `must be at most ${MAX_PAGE}`)
      .done();
    const cursor = decodePageToken(request.pageToken);
    const size = request.pageSize || DEFAULT_PAGE;
    const org = call.principal.org;

    const q = this.dataSource.getRepository(Transfer).createQueryBuilder('t');
    if (request.box === Box.INBOX) q.where(`t.receiver_org = :org AND t.state <> 'draft'`, { org });
    else if (request.box === Box.OUTBOX) q.where('t.sender_org = :org', { org });
    else
      q.where(`t.visible_to @> ARRAY[:org]::text[] AND t.sender_org <> :org AND t.receiver_org <> :org`, {
        org,
      }).andWhere(`t.state <> 'draft'`);
    if (states.length > 0) q.andWhere('t.state IN (:...states)', { states });
    if (kind) q.andWhere('t.kind = :kind', { kind });
    if (request.businessLine) q.andWhere('t.business_line = :line', { line: request.businessLine });
    if (request.category) q.andWhere('t.category = :category', { category: request.category });
    if (request.pactCode) q.andWhere('t.pact_code = :pact', { pact: request.pactCode });
    if (request.counterpartOrg) {
      const column = request.box === Box.OUTBOX ? 't.receiver_org' : 't.sender_org';
      q.andWhere(`${column} = :counterpart`, { counterpart: request.counterpartOrg });
    }
    if (request.overdueOnly)
      q.andWhere(`((t.state = 'sent' AND t.acknowledge_due_at < now())
                 OR (t.state = 'received' AND t.decide_due_at < now())
                 OR (t.state IN ('objected', 'in-consultation') AND t.consultation_due_at < now()))`);
    if (cursor) q.andWhere('(t.listed_at, t.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await q
      .orderBy('t.listed_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(size + 1)
      .getMany();
    const { page, nextPageToken } = keysetPage(rows, size, (row) => row.listedAt);
    return {
      transfers: page.map((t) => toTransferMessage(t)),
      nextPageToken,
    };
  }
}
