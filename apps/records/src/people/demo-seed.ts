import type { DataSource } from 'typeorm';
import type { JsonLogger } from '@yiti/logging';
import { SHANNAN_REFERENCE } from '@yiti/reference';
import { checkDigit } from '../identity/citizen-id.js';
import { loadPersons, loadSyntheticPeople, type SqlClient } from './bulk-load.js';
import { divisionsFromReference, type SyntheticPerson } from './synthetic.js';

/** How many generated persons the demonstration database gets besides the three below. */
export const DEMO_GENERATED_PERSONS = 3000;

const id = (first17: string) => first17 + checkDigit(first17);

/**
 * DEMONSTRATION DATA — invented persons, never real ones; loaded only when SEED_DEMO_DATA=true (npm start) into
 * an empty records table. Three persons to try the lookups with (docs/records.md), then generated ones.
 * - 扎西次仁: an ID with the legacy prefix 542223 (贡嘎, today 540522), spelled four ways; held by 贡嘎县院, which
 *   shares record lookup with 曲水县院 under the demo pact — so qushui-prosecutor finds him too.
 * - 次仁卓玛: a sealed juvenile conviction: only a judicial-use purpose shows it.
 * - 王小明: held by 乃东区院: 贡嘎 cannot see him, the city can.
 */
export const DEMO_PERSONS: readonly SyntheticPerson[] = [
  {
    id: '00000000-0000-4000-8000-0000000de001',
    citizenId: id('54222319880412031'),
    sex: 'male',
    birthDate: '1988-04-12',
    householdDivision: '540522',
    holderOrg: 'proc-540522',
    names: [
      { name: '扎西次仁', script: 'han', isAlias: false },
      { name: 'བཀྲ་ཤིས་ཚེ་རིང་', script: 'tibetan', isAlias: false },
      { name: 'Tashi Tsering', script: 'latin', isAlias: false },
      { name: '扎喜才仁', script: 'han', isAlias: true },
    ],
    convictions: [
      {
        id: '00000000-0000-4000-8000-0000000dc001',
        court: '贡嘎县人民法院',
        judgmentNumber: '（2019）藏0522刑初15号',
        judgmentDate: '2019-06-20',
        offence: '盗窃罪',
        sentence: '有期徒刑一年，并处罚金人民币三千元',
        sealed: false,
        holderOrg: 'proc-540522',
      },
    ],
  },
  {
    id: '00000000-0000-4000-8000-0000000de002',
    citizenId: id('54052220040903002'),
    sex: 'female',
    birthDate: '2004-09-03',
    householdDivision: '540522',
    holderOrg: 'proc-540522',
    names: [
      { name: '次仁卓玛', script: 'han', isAlias: false },
      { name: 'Tsering Drolma', script: 'latin', isAlias: false },
    ],
    convictions: [
      {
        id: '00000000-0000-4000-8000-0000000dc002',
        court: '贡嘎县人民法院',
        judgmentNumber: '（2020）藏0522刑初41号',
        judgmentDate: '2020-11-16',
        offence: '故意伤害罪',
        sentence: '有期徒刑六个月，缓刑一年',
        sealed: true,
        holderOrg: 'proc-540522',
      },
    ],
  },
  {
    id: '00000000-0000-4000-8000-0000000de003',
    citizenId: id('54050219790215051'),
    sex: 'male',
    birthDate: '1979-02-15',
    householdDivision: '540502',
    holderOrg: 'proc-540502',
    names: [{ name: '王小明', script: 'han', isAlias: false }],
    convictions: [
      {
        id: '00000000-0000-4000-8000-0000000dc003',
        court: '山南市乃东区人民法院',
        judgmentNumber: '（2022）藏0502刑初7号',
        judgmentDate: '2022-03-08',
        offence: '危险驾驶罪',
        sentence: '拘役二个月，并处罚金人民币五千元',
        sealed: false,
        holderOrg: 'proc-540502',
      },
    ],
  },
];

/** Loads the demonstration persons into an empty records table, with the owner's connection. */
export async function seedDemoRecords(owner: DataSource, logger: JsonLogger): Promise<void> {
  const runner = owner.createQueryRunner();
  await runner.connect();
  try {
    const client: SqlClient = {
      query: async (text, values) => ({
        rows: (await runner.query(text, values, true)).records as unknown[],
      }),
    };
    const [row] = (await client.query(`SELECT count(*)::int AS n FROM "records"."person"`)).rows as Array<{
      n: number;
    }>;
    if (row!.n > 0) return;
    await loadPersons(client, DEMO_PERSONS);
    const divisions = divisionsFromReference(SHANNAN_REFERENCE);
    await loadSyntheticPeople(client, { count: DEMO_GENERATED_PERSONS, seed: 2026, divisions });
    logger.event('info', 'demonstration records loaded', {
      component: 'records-demo-seed',
      persons: DEMO_PERSONS.length + DEMO_GENERATED_PERSONS,
    });
  } finally {
    await runner.release();
  }
}
