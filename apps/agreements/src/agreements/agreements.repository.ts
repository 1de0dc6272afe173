import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Agreement } from './agreement.entity.js';
import { AgreementVersion } from './agreement-version.entity.js';
import type { LoadedAgreement } from './agreements.mapper.js';
import { Signature } from './signature.entity.js';

/** Loads agreements with their versions and signatures: three queries however many agreements. */
@Injectable()
export class AgreementsRepository {
  /** One agreement; `lock` takes a row lock on it for the rest of the transaction (commands). */
  async load(manager: EntityManager, code: string, lock = false): Promise<LoadedAgreement | undefined> {
    const agreement = await manager.getRepository(Agreement).findOne({
      where: { code },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!agreement) return undefined;
    return (await this.withDetails(manager, [agreement]))[0];
  }

  async withDetails(manager: EntityManager, agreements: Agreement[]): Promise<LoadedAgreement[]> {
    if (agreements.length === 0) return [];
    const codes = agreements.map((a) => a.code);
    const [versions, signatures] = await Promise.all([
      manager.getRepository(AgreementVersion).find({ where: { agreementCode: In(codes) } }),
      manager.getRepository(Signature).find({ where: { agreementCode: In(codes) } }),
    ]);
    return agreements.map((agreement) => ({
      agreement,
      versions: versions.filter((v) => v.agreementCode === agreement.code),
      signatures: signatures.filter((s) => s.agreementCode === agreement.code),
    }));
  }
}
