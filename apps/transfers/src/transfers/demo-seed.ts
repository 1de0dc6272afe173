import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@yiti/logging';
import { Deadlines } from './deadlines.js';
import { Transfer, type TransferStateCode } from './transfer.entity.js';
import { TransferStep } from './transfer-step.entity.js';
import { objectionGroundsName, returnReasonName } from './transfers.mapper.js';

export const SEED_DEMO_DATA = 'SEED_DEMO_DATA';

const GONGGA = 'proc-540522';
const QUSHUI = 'proc-540124';
const NAIDONG = 'proc-540502';
/** Superior procuratorates as the directory's reference data has them. */
const ABOVE_GONGGA_QUSHUI = ['proc-540000', 'proc-540100', 'proc-540500'];
const ABOVE_SHANNAN_COUNTIES = ['proc-540000', 'proc-540500'];
const YARLUNG_PACT = {
  pactCode: 'demo-yarlung-gongga-qushui',
  pactVersion: 1,
  pactTitle: '（演示）贡嘎县人民检察院 曲水县人民检察院 关于雅鲁藏布江流域生态环境和资源保护检察协作的意见',
  acknowledgeDays: 3,
  decideDays: 10,
};
const DEFAULT_RULES = {
  pactCode: null,
  pactVersion: null,
  pactTitle: null,
  acknowledgeDays: 3,
  decideDays: 10,
};

interface DemoTransfer {
  id: string;
  from: string;
  to: string;
  above: string[];
  commonSuperior: string;
  basis: typeof YARLUNG_PACT | typeof DEFAULT_RULES;
  kind: 'case' | 'lead';
  category: string;
  division: string;
  summary: string;
  caseNumber: string | null;
  /** The path it took, each step this many days ago. */
  path: Array<[TransferStateCode, number]>;
  decision?: Partial<Transfer>;
}

/** The code of a demonstration step: the reason or grounds (as their enum names) on the step that gave them. */
function stepCode(state: TransferStateCode, decision: Partial<Transfer> | undefined): string | null {
  if (state === 'returned' && decision?.returnReason) return returnReasonName(decision.returnReason);
  if (state === 'objected' && decision?.objectionGrounds)
    return objectionGroundsName(decision.objectionGrounds);
  return null;
}

/** DEMONSTRATION DATA — invented for trying Yiti out; loaded only when SEED_DEMO_DATA=true (npm start). */
const DEMO_TRANSFERS: DemoTransfer[] = [
  {
    id: '00000000-0000-4000-8000-00000000d001',
    from: GONGGA,
    to: QUSHUI,
    above: ABOVE_GONGGA_QUSHUI,
    commonSuperior: 'proc-540000',
    basis: YARLUNG_PACT,
    kind: 'lead',
    category: 'illegal-mining',
    division: '540124',
    summary: '（演示）巡查发现雅鲁藏布江曲水段江心洲有夜间非法采砂作业，砂石经贡嘎境内道路外运。',
    caseNumber: '贡检移〔2026〕7号',
    path: [['sent', 1]],
  },
  {
    id: '00000000-0000-4000-8000-00000000d002',
    from: QUSHUI,
    to: GONGGA,
    above: ABOVE_GONGGA_QUSHUI,
    commonSuperior: 'proc-540000',
    basis: YARLUNG_PACT,
    kind: 'case',
    category: 'illegal-fishing',
    division: '540522',
    summary: '（演示）禁渔期在贡嘎县江段电鱼案，犯罪嫌疑人户籍及作案地均在贡嘎县。',
    caseNumber: '曲检移〔2026〕2号',
    path: [
      ['sent', 20],
      ['received', 19],
      ['accepted', 15],
    ],
    decision: { receiverDecision: 'accepted', handlingOrg: GONGGA },
  },
  {
    id: '00000000-0000-4000-8000-00000000d003',
    from: NAIDONG,
    to: GONGGA,
    above: ABOVE_SHANNAN_COUNTIES,
    commonSuperior: 'proc-540500',
    basis: DEFAULT_RULES,
    kind: 'lead',
    category: 'environmental-pollution',
    division: '540522',
    summary: '（演示）群众举报贡嘎县某砂石厂废水直排，举报材料仅有照片，未附现场勘验。',
    caseNumber: null,
    path: [
      ['sent', 9],
      ['received', 8],
      ['returned', 6],
    ],
    decision: {
      receiverDecision: 'returned',
      returnReason: 'incomplete-materials',
      decisionText: '请补充现场勘验笔录及水样检测报告后再移送。',
      handlingOrg: NAIDONG,
    },
  },
  {
    id: '00000000-0000-4000-8000-00000000d004',
    from: GONGGA,
    to: QUSHUI,
    above: ABOVE_GONGGA_QUSHUI,
    commonSuperior: 'proc-540000',
    basis: YARLUNG_PACT,
    kind: 'case',
    category: 'ecology-resources',
    division: '540522',
    summary: '（演示）跨贡嘎、曲水两县的湿地非法占用案，主要行为地存在争议。',
    caseNumber: '贡检移〔2026〕5号',
    path: [
      ['sent', 6],
      ['received', 5],
      ['objected', 3],
    ],
    decision: {
      receiverDecision: 'objected',
      objectionGrounds: 'sender-has-jurisdiction',
      decisionText: '主要占地行为发生在贡嘎县境内，应由贡嘎县院管辖。',
    },
  },
];

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/** Loads the demonstration transfers at start, once (existing ids are left alone), when told to. */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Deadlines) private readonly deadlines: Deadlines,
    @Inject(SEED_DEMO_DATA) private readonly enabled: boolean,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    let added = 0;
    for (const demo of DEMO_TRANSFERS) {
      await this.dataSource.transaction(async (m) => {
        if (await m.getRepository(Transfer).existsBy({ id: demo.id })) return;
        added++;
        const at = Object.fromEntries(demo.path.map(([state, ago]) => [state, daysAgo(ago)]));
        const sent = at['sent']!;
        const decided = at['accepted'] ?? at['returned'] ?? at['objected'] ?? null;
        const last = demo.path[demo.path.length - 1]!;
        await m.getRepository(Transfer).insert({
          ...demo.basis,
          ...demo.decision,
          id: demo.id,
          senderOrg: demo.from,
          receiverOrg: demo.to,
          kind: demo.kind,
          businessLine: 'criminal',
          category: demo.category,
          divisionCode: demo.division,
          summary: demo.summary,
          senderCaseNumber: demo.caseNumber,
          state: last[0],
          visibleTo: [...new Set([demo.from, demo.to, ...demo.above])].sort(),
          commonSuperiorOrg: demo.commonSuperior,
          demo: true,
          createdBy: 'demo-seed',
          createdAt: sent,
          listedAt: sent,
          sentAt: sent,
          receivedAt: at['received'] ?? null,
          decidedAt: decided,
          closedAt: at['accepted'] ?? at['returned'] ?? null,
          ...this.deadlines.acknowledgeDue(sent, demo.basis.acknowledgeDays),
          ...(at['received']
            ? this.deadlines.decideDue(at['received'], demo.basis.decideDays)
            : { decideDueAt: null }),
          ...(at['objected'] ? this.deadlines.consultationDue(at['objected']) : { consultationDueAt: null }),
          updatedAt: daysAgo(last[1]),
        });
        let from: TransferStateCode = 'draft';
        for (const [state, ago] of demo.path) {
          await m.getRepository(TransferStep).insert({
            transferId: demo.id,
            at: daysAgo(ago),
            action: state,
            actor: 'demo-seed',
            actorOrg: state === 'sent' ? demo.from : demo.to,
            fromState: from,
            toState: state,
            note: state === last[0] ? (demo.decision?.decisionText ?? null) : null,
            code: stepCode(state, demo.decision),
          });
          from = state;
        }
      });
    }
    if (added > 0) this.logger.event('info', 'loaded demonstration transfers', { added });
  }
}
