import { create } from '@bufbuild/protobuf';
import { AgreementKind, AgreementsRpc, TransferContentSchema, TransferKind } from '@yiti/contracts';
import type { RpcClient } from '@yiti/messaging';

/** A Yarlung Tsangpo lead from 贡嘎 to 曲水 (fields can be overridden). */
export const lead = (overrides: Partial<Parameters<typeof create<typeof TransferContentSchema>>[1]> = {}) =>
  create(TransferContentSchema, {
    receiverOrg: 'proc-540124',
    kind: TransferKind.LEAD,
    businessLine: 'criminal',
    category: 'illegal-mining',
    divisionCode: '540124',
    summary: '雅鲁藏布江曲水段夜间非法采砂线索（测试）',
    senderCaseNumber: '贡检移〔2026〕3号',
    pactCode: '',
    ...overrides,
  });

/**
 * Makes a pact between 贡嘎 and 曲水 in force through the real agreements service: drafted by 贡嘎,
 * circulated, signed by both chiefs (with the digest they saw). Deadlines: 2 working days to acknowledge, 5 to
 * decide.
 */
export async function pactInForce(
  rpc: RpcClient,
  code: string,
  tokens: { gonggaProsecutor: string; gonggaChief: string; qushuiChief: string },
): Promise<void> {
  await rpc.call(
    AgreementsRpc.create,
    {
      code,
      kind: AgreementKind.RIVER_BASIN_PACT,
      partyCodes: ['proc-540522', 'proc-540124'],
      content: {
        titleZh: '贡嘎 曲水 雅鲁藏布江流域协作（测试）',
        titleEn: '',
        scope: {
          businessLines: ['criminal'],
          caseCategories: ['illegal-mining'],
          divisionCodes: [],
          basinCode: 'yarlung-tsangpo',
        },
        clauses: [{ number: 1, text: '互相移送线索。' }],
        effectiveFrom: '2025-01-01',
        effectiveTo: '',
        settings: { acknowledgeWithinDays: 2, decideWithinDays: 5, shareRecordsLookup: false },
      },
    },
    { token: tokens.gonggaProsecutor },
  );
  await rpc.call(AgreementsRpc.circulate, { code }, { token: tokens.gonggaProsecutor });
  for (const token of [tokens.gonggaChief, tokens.qushuiChief]) {
    const { agreement } = await rpc.call(AgreementsRpc.get, { code }, { token });
    const version = agreement!.versions[0]!;
    await rpc.call(AgreementsRpc.sign, { code, version: version.number, digest: version.digest }, { token });
  }
}
