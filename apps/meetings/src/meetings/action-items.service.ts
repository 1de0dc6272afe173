import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ActionStatus,
  UUID,
  type ActionItem as ActionItemMessage,
  type ListActionItemsRequest,
  type UpdateActionItemRequest,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { ActionItem } from './action-item.entity.js';
import { Meeting } from './meeting.entity.js';
import { MeetingErrors } from './meetings.errors.js';
import { ACTION_STATUSES, toActionItemMessage, todayInShanghai } from './meetings.mapper.js';

/** The most tasks one list returns (earliest due first). */
const MAX_TASKS = 1000;
const CONCLUDED: readonly Meeting['state'][] = ['concluded', 'minutes-approved'];

/**
 * Action items as the owner organization's tasks: they become tasks (with a due date) when their meeting
 * concludes; any user of the owner organization marks them done or open again.
 */
@Injectable()
export class ActionItemsService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The caller's organization's tasks across meetings, earliest due first. */
  async list(request: ListActionItemsRequest, call: RpcCall): Promise<ActionItemMessage[]> {
    const statuses = request.statuses.map((s) => ACTION_STATUSES.code(s));
    inputCheck()
      .that(
        'statuses',
        statuses.every((s) => s !== undefined),
        'must be OPEN or DONE',
      )
      .done();
    const q = this.dataSource
      .getRepository(ActionItem)
      .createQueryBuilder('a')
      .innerJoin(Meeting, 'm', 'm.id = a.meeting_id')
      .where('a.owner_org = :org AND a.due_date IS NOT NULL', { org: call.principal.org })
      .andWhere('m.state IN (:...concluded)', { concluded: CONCLUDED });
    if (statuses.length > 0) q.andWhere('a.status IN (:...statuses)', { statuses });
    const rows = await q
      .orderBy('a.due_date', 'ASC')
      .addOrderBy('a.meeting_id', 'ASC')
      .addOrderBy('a.item_number', 'ASC')
      .addOrderBy('a.position', 'ASC')
      .limit(MAX_TASKS)
      .getMany();
    const today = todayInShanghai();
    return rows.map((a) => toActionItemMessage(a, today));
  }

  /** Marks a task done (or open again): a user of the owner organization, once the meeting concluded. */
  async update(request: UpdateActionItemRequest, call: RpcCall): Promise<ActionItemMessage> {
    const status = ACTION_STATUSES.code(request.status);
    inputCheck()
      .matches('meetingId', request.meetingId, UUID, 'must be a meeting id')
      .matches('actionId', request.actionId, UUID, 'must be an action item id')
      .that(
        'status',
        status !== undefined && request.status !== ActionStatus.UNSPECIFIED,
        'must be OPEN or DONE',
      )
      .done();
    const item = await this.dataSource.transaction(async (manager) => {
      const action = await manager.getRepository(ActionItem).findOne({
        where: { id: request.actionId, meetingId: request.meetingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!action || action.ownerOrg !== call.principal.org)
        throw MeetingErrors.actionNotFound(request.actionId);
      const meeting = await manager.getRepository(Meeting).findOneBy({ id: action.meetingId });
      if (!meeting || !CONCLUDED.includes(meeting.state) || !action.dueDate)
        throw MeetingErrors.actionNotDue(action.id);
      if (action.status === status) return action;
      const changes = { status: status!, statusBy: call.principal.username, statusAt: new Date() };
      await manager.getRepository(ActionItem).update(action.id, changes);
      return Object.assign(action, changes);
    });
    return toActionItemMessage(item);
  }
}
