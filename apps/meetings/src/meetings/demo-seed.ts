import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { shanghaiDate, WorkingDayCalendar } from '@yiti/calendar';
import { JsonLogger } from '@yiti/logging';
import { SEED_DEMO_DATA } from '../tokens.js';
import { ActionItem } from './action-item.entity.js';
import { AgendaItem } from './agenda-item.entity.js';
import { minutesDigest } from './digest.js';
import { Meeting } from './meeting.entity.js';
import { MinutesSignature } from './minutes-signature.entity.js';

const CITY = 'proc-540500';
const GONGGA = 'proc-540522';
const NAIDONG = 'proc-540502';
const GONGGA_ISCO = 'isco-540522';
const GONGGA_POLICE = 'police-540522';
const REGION = 'proc-540000';

const JOINT_ID = '00000000-0000-4000-8000-00000000e001';
const ISCO_ID = '00000000-0000-4000-8000-00000000e002';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** 09:30 in Shanghai, `days` from today (negative: ago). */
function shanghaiMorning(days: number): Date {
  const today = shanghaiDate(new Date());
  return new Date(Date.parse(`${today}T09:30:00+08:00`) + days * DAY);
}

const item = (meetingId: string, number: number, fields: Partial<AgendaItem>): AgendaItem => ({
  meetingId,
  number,
  title: '',
  transferId: null,
  caseNumber: null,
  consultationId: null,
  decision: '',
  majority: null,
  minorities: [],
  referToCommittee: false,
  transferOutcome: null,
  ...fields,
});

/**
 * DEMONSTRATION DATA — invented for trying Yiti out; loaded only when SEED_DEMO_DATA=true (npm start): a
 * concluded prosecutors' joint meeting at the city procuratorate with decisions and action items (minutes
 * awaiting signatures), and a scheduled ISCO consultation meeting at 贡嘎 with the police.
 */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkingDayCalendar) private readonly calendar: WorkingDayCalendar,
    @Inject(SEED_DEMO_DATA) private readonly enabled: boolean,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    let added = 0;
    for (const [id, seed] of [
      [JOINT_ID, (m: EntityManager) => this.jointMeeting(m)],
      [ISCO_ID, (m: EntityManager) => this.iscoMeeting(m)],
    ] as const) {
      await this.dataSource.transaction(async (m) => {
        if (await m.getRepository(Meeting).existsBy({ id })) return;
        await seed(m);
        added++;
      });
    }
    if (added > 0) this.logger.event('info', 'loaded demonstration meetings', { added });
  }

  private meeting(fields: Partial<Meeting> & Pick<Meeting, 'id' | 'kind' | 'state' | 'hostOrg'>): Meeting {
    const created = new Date(Date.now() - 14 * DAY);
    return {
      title: '',
      startsAt: null,
      endsAt: null,
      location: '',
      invitees: [],
      attendees: [],
      visibleTo: [],
      minutes: '',
      version: 1,
      cancelledReason: null,
      transferId: null,
      transferParties: null,
      demo: true,
      createdBy: 'demo-seed',
      createdAt: created,
      listedAt: fields.startsAt ?? created,
      updatedAt: created,
      concludedAt: null,
      approvedAt: null,
      ...fields,
    };
  }

  private async jointMeeting(m: EntityManager): Promise<void> {
    const startsAt = shanghaiMorning(-10);
    const concludedAt = new Date(startsAt.getTime() + 2 * HOUR);
    const agenda = [
      item(JOINT_ID, 1, {
        title: '（演示）贡嘎县雅鲁藏布江非法采砂案是否提请检察委员会讨论',
        caseNumber: '贡检刑诉〔2026〕12号',
        decision: '多数意见认为构成非法采矿罪，情节特别严重，提请检察委员会讨论决定。',
        majority: { text: '构成非法采矿罪，且情节特别严重。', holders: ['city-chief', 'gongga-chief'] },
        minorities: [
          { text: '现有证据不足以认定情节特别严重，建议补充鉴定。', holders: ['gongga-prosecutor'] },
        ],
        referToCommittee: true,
      }),
      item(JOINT_ID, 2, {
        title: '（演示）乃东区湿地破坏案的证据补强',
        decision: '退回补充侦查，重点补充生态损害鉴定意见。',
        majority: {
          text: '退回补充侦查。',
          holders: ['city-chief', 'gongga-chief', 'gongga-prosecutor'],
        },
      }),
    ];
    const due = (n: number) => this.calendar.deadlineOf(concludedAt, n);
    const actions: ActionItem[] = [
      [1, 0, GONGGA, '（演示）整理案件材料，报送检察委员会。', 3, 'open'],
      [1, 1, CITY, '（演示）安排检察委员会会议议程。', 20, 'open'],
      [2, 0, NAIDONG, '（演示）向公安机关发出补充侦查提纲。', 2, 'done'],
    ].map(([number, position, ownerOrg, description, days, status], n) => ({
      id: `00000000-0000-4000-8000-00000000e10${n}`,
      meetingId: JOINT_ID,
      itemNumber: number as number,
      position: position as number,
      ownerOrg: ownerOrg as string,
      description: description as string,
      dueWithinDays: days as number,
      dueDate: due(days as number).localDate,
      dueDateProvisional: due(days as number).provisional,
      status: status as ActionItem['status'],
      statusBy: status === 'done' ? 'demo-seed' : null,
      statusAt: status === 'done' ? concludedAt : null,
    }));
    const minutes =
      '（演示）2026年检察官联席会议纪要\n一、贡嘎县非法采砂案：多数意见提请检察委员会讨论。\n二、乃东区湿地案：退回补充侦查。';
    await m.getRepository(Meeting).insert(
      this.meeting({
        id: JOINT_ID,
        kind: 'prosecutors-joint',
        state: 'concluded',
        hostOrg: CITY,
        title: '（演示）山南市检察官联席会议（生态环境和资源保护案件）',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3 * HOUR),
        location: '（演示）山南市人民检察院三楼会议室',
        invitees: [
          { org: GONGGA, username: '' },
          { org: NAIDONG, username: '' },
        ],
        attendees: [
          { username: 'city-chief', org: CITY, role: 'chief-prosecutor', present: true },
          { username: 'gongga-chief', org: GONGGA, role: 'chief-prosecutor', present: true },
          { username: 'gongga-prosecutor', org: GONGGA, role: 'prosecutor', present: true },
          { username: 'city-secretary', org: CITY, role: 'secretary', present: false },
        ],
        visibleTo: [CITY, GONGGA, NAIDONG, REGION].sort(),
        minutes,
        version: 12,
        concludedAt,
        updatedAt: concludedAt,
      }),
    );
    await m.getRepository(AgendaItem).insert(agenda);
    await m.getRepository(ActionItem).insert(actions);
    await m.getRepository(MinutesSignature).insert({
      meetingId: JOINT_ID,
      username: 'city-chief',
      org: CITY,
      signedAt: new Date(concludedAt.getTime() + DAY),
      digest: minutesDigest(JOINT_ID, minutes, agenda, actions),
    });
  }

  private async iscoMeeting(m: EntityManager): Promise<void> {
    const startsAt = new Date(shanghaiMorning(3).getTime() + HOUR / 2);
    await m.getRepository(Meeting).insert(
      this.meeting({
        id: ISCO_ID,
        kind: 'isco-consultation',
        state: 'scheduled',
        hostOrg: GONGGA_ISCO,
        title: '（演示）贡嘎县侦查监督与协作配合办公室 重大案件会商',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 2 * HOUR),
        location: '（演示）贡嘎县侦查监督与协作配合办公室',
        invitees: [
          { org: GONGGA_POLICE, username: '' },
          { org: GONGGA, username: 'gongga-prosecutor' },
        ],
        visibleTo: [GONGGA_ISCO, GONGGA_POLICE, GONGGA, CITY, REGION].sort(),
        version: 2,
      }),
    );
    await m.getRepository(AgendaItem).insert(
      item(ISCO_ID, 1, {
        title: '（演示）江边采砂场故意伤害案：是否提请批准逮捕',
        caseNumber: '贡公刑立字〔2026〕15号',
      }),
    );
  }
}
