import { create } from '@bufbuild/protobuf';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AuditEntrySchema,
  BASIN_CODE,
  DIVISION_CODE,
  ORGANIZATION_CODE,
  type AuditEntry as AuditEntryMessage,
  type ListAuditEntriesRequest,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { AuditEntry } from './audit-entry.entity.js';

export type AuditAction =
  | 'division.create'
  | 'basin.create'
  | 'basin.add-member'
  | 'basin.remove-member'
  | 'organization.create'
  | 'organization.update';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const ENTRY_ID = /^[1-9][0-9]{0,18}$/;
const json = (value: object | null) => (value === null ? null : JSON.stringify(value));
const isTarget = (code: string) =>
  DIVISION_CODE.test(code) || ORGANIZATION_CODE.test(code) || BASIN_CODE.test(code);

/**
 * The audit of directory administration. Every change writes its entry with the manager of the change's own
 * transaction, so there is no change without its entry and no entry for a change that rolled back.
 */
@Injectable()
export class DirectoryAudit {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async record(
    manager: EntityManager,
    call: RpcCall,
    action: AuditAction,
    target: string,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO directory.audit_entry (actor, actor_org, action, target, before, after)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
      [call.principal.username, call.principal.org, action, target, json(before), json(after)],
    );
  }

  /** Newest first; `beforeId` pages on. */
  async list(request: ListAuditEntriesRequest): Promise<AuditEntryMessage[]> {
    inputCheck()
      .that(
        'target',
        request.target === undefined || isTarget(request.target),
        'must be a division, basin or organization code',
      )
      .that('limit', request.limit <= MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
      .matches('beforeId', request.beforeId, ENTRY_ID, 'must be an audit entry id')
      .done();
    const q = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .limit(request.limit || DEFAULT_LIMIT);
    if (request.target !== undefined) q.andWhere('a.target = :target', { target: request.target });
    if (request.beforeId !== undefined) q.andWhere('a.id < :beforeId', { beforeId: request.beforeId });
    const rows = await q.getMany();
    return rows.map((r) =>
      create(AuditEntrySchema, {
        id: String(r.id),
        at: r.at.toISOString(),
        actor: r.actor,
        actorOrg: r.actorOrg,
        action: r.action,
        target: r.target,
        beforeJson: JSON.stringify(r.before ?? null),
        afterJson: JSON.stringify(r.after ?? null),
      }),
    );
  }
}
