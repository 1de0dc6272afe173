import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '@yiti/logging';
import type { AgreementKindCode } from './agreement.entity.js';
import type { VersionContentJson } from './agreement-version.entity.js';
import { versionDigest } from './canonical.js';

export const SEED_DEMO_DATA = 'SEED_DEMO_DATA';

interface DemoPact {
  code: string;
  kind: AgreementKindCode;
  parties: string[];
  /** Superior procuratorates of the parties, as the directory's reference data has them. */
  superiors: string[];
  state: 'active';
  signedBy: Record<string, string>;
  content: VersionContentJson;
}

const YARLUNG = ['540124', '540502', '540521', '540522', '540523', '540528'];
const settings = (ack: number, decide: number, share: boolean) => ({
  acknowledgeWithinDays: ack,
  decideWithinDays: decide,
  shareRecordsLookup: share,
});
const clauses = (...texts: string[]) => texts.map((text, i) => ({ number: i + 1, text }));

/** DEMONSTRATION DATA — invented for trying Yiti out; loaded only when SEED_DEMO_DATA=true (npm start). */
const DEMO_PACTS: DemoPact[] = [
  {
    code: 'demo-yarlung-gongga-qushui',
    kind: 'river-basin-pact',
    parties: ['proc-540124', 'proc-540522'],
    superiors: ['proc-540000', 'proc-540100', 'proc-540500'],
    state: 'active',
    signedBy: { 'proc-540522': 'gongga-chief', 'proc-540124': 'qushui-chief' },
    content: {
      titleZh: '（演示）贡嘎县人民检察院 曲水县人民检察院 关于雅鲁藏布江流域生态环境和资源保护检察协作的意见',
      titleEn: '(Demo) Gonggar–Quxu procuratorates: Yarlung Tsangpo basin ecology and resources cooperation',
      scope: {
        businessLines: ['criminal', 'public-interest'],
        caseCategories: ['ecology-resources', 'environmental-pollution', 'illegal-fishing', 'illegal-mining'],
        divisionCodes: YARLUNG,
        basinCode: 'yarlung-tsangpo',
      },
      clauses: clauses(
        '双方互相移送在本辖区发现、属于对方管辖的流域生态环境和资源类案件线索。',
        '接收方应在三个工作日内确认收到，十个工作日内作出是否受理的决定。',
        '对管辖有争议的，由双方检察长会商；会商不成的，报请共同上级检察院指定管辖。',
        '双方共享本协作范围内的犯罪记录查询。',
      ),
      effectiveFrom: '2025-03-01',
      effectiveTo: '2028-02-29',
      settings: settings(3, 10, true),
    },
  },
  ...(['military', 'supervision', 'fire-rescue'] as const).map((agency): DemoPact => ({
    code: `demo-shannan-${agency}`,
    kind: 'inter-agency',
    parties: ['proc-540500', `${agency}-540500`],
    superiors: ['proc-540000'],
    state: 'active',
    signedBy: { 'proc-540500': 'city-chief', [`${agency}-540500`]: `${agency}-head` },
    content: {
      titleZh: {
        military: '（演示）山南市人民检察院 山南军分区政治工作部 关于加强军地检察协作的意见',
        supervision: '（演示）山南市人民检察院 山南市纪委监委 关于职务犯罪案件线索移送和衔接的办法',
        'fire-rescue': '（演示）山南市人民检察院 山南市消防救援支队 关于消防安全领域公益诉讼协作的意见',
      }[agency],
      titleEn: `(Demo) Shannan procuratorate and ${agency} cooperation`,
      scope: {
        businessLines: agency === 'supervision' ? ['criminal'] : ['criminal', 'public-interest'],
        caseCategories: [],
        divisionCodes: [],
        basinCode: '',
      },
      clauses: clauses(
        '双方建立联席会议制度，每年至少召开一次。',
        '双方及时互相移送属于对方管辖的案件线索。',
      ),
      effectiveFrom: '2024-06-01',
      effectiveTo: '',
      settings: settings(5, 15, false),
    },
  })),
  {
    code: 'demo-yarlung-shannan-counties',
    kind: 'river-basin-pact',
    parties: ['proc-540502', 'proc-540521', 'proc-540522', 'proc-540523', 'proc-540528'],
    superiors: ['proc-540000', 'proc-540500'],
    state: 'active',
    signedBy: { 'proc-540522': 'gongga-chief' },
    content: {
      titleZh: '（演示，征求意见稿）山南市雅鲁藏布江沿江五县（区）检察院流域协作意见',
      titleEn: '(Demo draft) Yarlung Tsangpo cooperation among five Shannan procuratorates',
      scope: {
        businessLines: ['criminal'],
        caseCategories: ['ecology-resources'],
        divisionCodes: YARLUNG.slice(1),
        basinCode: '',
      },
      clauses: clauses(
        '沿江各院互相移送流域生态环境和资源类案件线索。',
        '接收方五个工作日内确认，十五个工作日内决定。',
      ),
      effectiveFrom: '2026-01-01',
      effectiveTo: '',
      settings: settings(5, 15, false),
    },
  },
];

/** Loads the demonstration pacts at start, once (existing codes are left alone), when told to. */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SEED_DEMO_DATA) private readonly enabled: boolean,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    let added = 0;
    for (const pact of DEMO_PACTS) {
      await this.dataSource.transaction(async (m) => {
        const inserted = await m.query(
          `INSERT INTO agreements.agreement (code, kind, state, party_codes, visible_to, demo, created_by)
           VALUES ($1, $2, $3, $4, $5, true, 'demo-seed') ON CONFLICT (code) DO NOTHING RETURNING code`,
          [
            pact.code,
            pact.kind,
            pact.state,
            pact.parties,
            [...new Set([...pact.parties, ...pact.superiors])].sort(),
          ],
        );
        if (inserted.length === 0) return;
        added++;
        const c = pact.content;
        const fullySigned = Object.keys(pact.signedBy).length === pact.parties.length;
        await m.query(
          `INSERT INTO agreements.agreement_version (agreement_code, number, content, effective_from, effective_to,
             business_lines, case_categories, division_codes, fully_signed_at, in_force_announced_at, created_by)
           VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $8, 'demo-seed')`,
          [
            pact.code,
            c,
            c.effectiveFrom,
            c.effectiveTo || null,
            c.scope.businessLines,
            c.scope.caseCategories,
            c.scope.divisionCodes,
            fullySigned ? new Date() : null,
          ],
        );
        const digest = versionDigest(
          { code: pact.code, kind: pact.kind, partyCodes: [...pact.parties].sort(), number: 1 },
          c,
        );
        for (const [org, signer] of Object.entries(pact.signedBy)) {
          await m.query(
            `INSERT INTO agreements.signature (agreement_code, version, org_code, signer, signed_at, digest)
             VALUES ($1, 1, $2, $3, now(), $4)`,
            [pact.code, org, signer, digest],
          );
        }
      });
    }
    if (added > 0) this.logger.event('info', 'loaded demonstration agreements', { added });
  }
}
