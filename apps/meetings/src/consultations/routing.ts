import { Inject, Injectable } from '@nestjs/common';
import { DirectoryClient } from '@yiti/directory-client';
import { RpcClient } from '@yiti/messaging';
import { CONSULTATION_BUSINESS_LINE } from '@yiti/reference';
import { DIRECTORY_CACHE_SECONDS } from '../tokens.js';
import type { CheckedConsultation } from './content.js';
import { ConsultationErrors } from './consultations.errors.js';

/** The organizations of a consultation, and who may see it. */
export interface Parties {
  iscoOrg: string;
  policeOrg: string;
  procuratorateOrg: string;
  /** The ISCO, the police bureau, the procuratorate and every superior procuratorate above it, sorted. */
  visibleTo: string[];
}

/** What the directory answers about a consultation's organizations, on the officer's behalf (their token). */
@Injectable()
export class ConsultationRouting {
  private readonly directory: DirectoryClient;

  constructor(@Inject(RpcClient) rpc: RpcClient, @Inject(DIRECTORY_CACHE_SECONDS) cacheSeconds: number) {
    // Every log asks about the same few organizations: reuse the answers for a while (DIRECTORY_CACHE_SECONDS).
    this.directory = new DirectoryClient(rpc, cacheSeconds);
  }

  /** The category must be one of the criminal line's (BAD_USER_INPUT listing them otherwise). */
  async checkCategory(category: string, token: string): Promise<void> {
    await this.directory.checkCodes(
      [{ field: 'category', category, businessLines: [CONSULTATION_BUSINESS_LINE] }],
      token,
    );
  }

  /**
   * The category must be a criminal case category and the ISCO one the directory knows (else BAD_USER_INPUT),
   * with the county's procuratorate and a police bureau. When the police log it, that is the caller's own bureau
   * (`callerBureau`), which must be known (else FORBIDDEN: the token names no real bureau); when the
   * procuratorate opens a supervision matter, it is the county's bureau, and a county without one in the
   * directory is the caller's mistake (BAD_USER_INPUT).
   */
  async resolve(content: CheckedConsultation, token: string, callerBureau?: string): Promise<Parties> {
    // Police consultations are about criminal cases: the category must be one of the criminal line's.
    await this.checkCategory(content.category, token);
    const procuratorateOrg = `proc-${content.division}`;
    const policeOrg = callerBureau ?? `police-${content.division}`;
    const { found, withSuperiors } = await this.directory.withSuperiors(
      [content.iscoOrg, policeOrg, procuratorateOrg],
      token,
    );
    const active = new Set(found.filter((o) => o.active).map((o) => o.code));
    if (!active.has(content.iscoOrg)) throw ConsultationErrors.unknownIsco(content.iscoOrg);
    if (!active.has(procuratorateOrg))
      throw ConsultationErrors.noProcuratorate(content.iscoOrg, procuratorateOrg);
    if (!active.has(policeOrg))
      throw callerBureau
        ? ConsultationErrors.unknownPoliceBureau(policeOrg)
        : ConsultationErrors.noPoliceBureau(content.iscoOrg, policeOrg);
    return { iscoOrg: content.iscoOrg, policeOrg, procuratorateOrg, visibleTo: withSuperiors };
  }
}
