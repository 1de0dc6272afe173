import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@yiti/logging';
import { SEED_DEMO_DATA } from '../tokens.js';
import { PoliceConsultation, type ConsultationTypeCode, type FollowUpCode } from './consultation.entity.js';
import { FollowUpClocks } from './follow-up-clocks.js';

const ISCO = 'isco-540522';
const POLICE = 'police-540522';
const PROCURATORATE = 'proc-540522';
/** 贡嘎's ISCO, police bureau and procuratorate, and the procuratorates above it, as the directory has them. */
const VISIBLE_TO = [ISCO, POLICE, 'proc-540000', 'proc-540500', PROCURATORATE].sort();

interface DemoConsultation {
  id: string;
  caseNumber: string;
  category: string;
  type: ConsultationTypeCode;
  question: string;
  materials: string[];
  /** Days ago it was logged, answered and responded to (absent = not yet). */
  loggedDaysAgo: number;
  opinion?: { daysAgo: number; text: string; followUp: FollowUpCode };
  response?: { daysAgo: number; text: string };
}

/** DEMONSTRATION DATA — invented for trying Yiti out; loaded only when SEED_DEMO_DATA=true (npm start). */
const DEMO_CONSULTATIONS: DemoConsultation[] = [
  {
    id: '00000000-0000-4000-8000-00000000c001',
    caseNumber: '贡公（刑）立字〔2026〕21号',
    category: 'illegal-mining',
    type: 'early-involvement',
    question:
      '（演示）雅鲁藏布江贡嘎段夜间非法采砂案，涉案砂石量待鉴定，请检察机关提前介入，就取证方向提出意见。',
    materials: ['（演示）现场勘验笔录', '（演示）无人机航拍照片 12 张'],
    loggedDaysAgo: 1,
  },
  {
    id: '00000000-0000-4000-8000-00000000c002',
    caseNumber: '贡公（刑）不立字〔2026〕3号',
    category: 'illegal-fishing',
    type: 'filing-supervision',
    question: '（演示）群众举报禁渔期电鱼，公安机关经初查决定不予立案，检察机关就不立案理由开展立案监督。',
    materials: ['（演示）不予立案通知书', '（演示）举报材料'],
    loggedDaysAgo: 6,
    opinion: {
      daysAgo: 2,
      text: '（演示）请公安机关书面说明不立案理由，并附初查材料。',
      followUp: 'explain-non-filing',
    },
  },
  {
    id: '00000000-0000-4000-8000-00000000c003',
    caseNumber: '贡公（刑）立字〔2026〕9号',
    category: 'ecology-resources',
    type: 'evidence-guidance',
    question: '（演示）非法占用湿地案，请就占地面积鉴定和原状恢复费用的证据要求提出意见。',
    materials: ['（演示）土地勘测定界图'],
    loggedDaysAgo: 9,
    opinion: { daysAgo: 7, text: '（演示）建议委托具备资质的机构出具占地面积鉴定意见。', followUp: 'none' },
  },
  {
    id: '00000000-0000-4000-8000-00000000c004',
    caseNumber: '贡公（刑）立字〔2026〕4号',
    category: 'environmental-pollution',
    type: 'compulsory-measure-review',
    question: '（演示）砂石厂废水直排案，犯罪嫌疑人拟取保候审，请就强制措施适用提出意见。',
    materials: ['（演示）水样检测报告', '（演示）犯罪嫌疑人供述'],
    loggedDaysAgo: 20,
    opinion: { daysAgo: 18, text: '（演示）同意取保候审，并责令停产整改。', followUp: 'none' },
    response: { daysAgo: 15, text: '（演示）已办理取保候审手续，企业已停产整改。' },
  },
];

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/** Loads the demonstration consultations at start, once (existing ids are left alone), when told to. */
@Injectable()
export class ConsultationsDemoSeed implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(FollowUpClocks) private readonly clocks: FollowUpClocks,
    @Inject(SEED_DEMO_DATA) private readonly enabled: boolean,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    let added = 0;
    for (const demo of DEMO_CONSULTATIONS) {
      await this.dataSource.transaction(async (m) => {
        if (await m.getRepository(PoliceConsultation).existsBy({ id: demo.id })) return;
        added++;
        await m.getRepository(PoliceConsultation).insert(this.row(demo));
      });
    }
    if (added > 0) this.logger.event('info', 'loaded demonstration consultations', { added });
  }

  private row(demo: DemoConsultation): PoliceConsultation {
    const opinionAt = demo.opinion ? daysAgo(demo.opinion.daysAgo) : null;
    const responseAt = demo.response ? daysAgo(demo.response.daysAgo) : null;
    const followUp = demo.opinion?.followUp ?? null;
    return {
      id: demo.id,
      iscoOrg: ISCO,
      policeOrg: POLICE,
      procuratorateOrg: PROCURATORATE,
      policeCaseNumber: demo.caseNumber,
      category: demo.category,
      type: demo.type,
      question: demo.question,
      materials: demo.materials,
      state: responseAt ? 'closed' : opinionAt ? 'answered' : 'open',
      visibleTo: VISIBLE_TO,
      loggedBy: 'demo-seed',
      loggedAt: daysAgo(demo.loggedDaysAgo),
      opinion: demo.opinion?.text ?? null,
      opinionBy: opinionAt ? 'demo-seed' : null,
      opinionAt,
      followUp,
      ...(followUp && opinionAt
        ? this.clocks.columns(followUp, opinionAt)
        : { followUpDueAt: null, followUpDueProvisional: false }),
      followUpOverdueAt: null,
      policeResponse: demo.response?.text ?? null,
      responseBy: responseAt ? 'demo-seed' : null,
      responseAt,
      editedBy: null,
      editedAt: null,
      withdrawnBy: null,
      withdrawnAt: null,
      supervisionMatter: false,
      demo: true,
      updatedAt: responseAt ?? opinionAt ?? daysAgo(demo.loggedDaysAgo),
    };
  }
}
