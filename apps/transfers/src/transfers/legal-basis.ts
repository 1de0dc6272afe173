import { Inject, Injectable } from '@nestjs/common';
import { AgreementsRpc } from '@yiti/contracts';
import { RpcClient } from '@yiti/messaging';
import { TransferErrors } from './transfers.errors.js';

export const DEFAULT_DEADLINES = 'DEFAULT_DEADLINES';

export interface DefaultDeadlines {
  acknowledgeDays: number;
  decideDays: number;
}

/** Why a transfer goes where it goes, and the working-day limits that follow from it. */
export interface LegalBasisChoice {
  pactCode: string | null;
  pactVersion: number | null;
  pactTitle: string | null;
  acknowledgeDays: number;
  decideDays: number;
}

export interface CoverageQuery {
  senderOrg: string;
  receiverOrg: string;
  businessLine: string;
  category: string;
  divisionCode: string;
  /** The pact the sender cites; empty = choose. */
  pactCode: string;
}

/**
 * Finds the legal basis of a transfer through the agreements service (on the sender's behalf): the pact in
 * force that covers these organizations, business line, category and division — the one the sender cites, or
 * else the first by code — or the default rules when none covers it. A pact leaving a limit at 0 gets the
 * default for that limit.
 */
@Injectable()
export class LegalBasis {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(DEFAULT_DEADLINES) private readonly defaults: DefaultDeadlines,
  ) {}

  async choose(query: CoverageQuery, token: string): Promise<LegalBasisChoice> {
    const { agreements } = await this.rpc.call(
      AgreementsRpc.covering,
      {
        fromOrg: query.senderOrg,
        toOrg: query.receiverOrg,
        businessLine: query.businessLine,
        category: query.category,
        divisionCode: query.divisionCode,
        onDate: '',
      },
      { token },
    );
    const pact = query.pactCode ? agreements.find((a) => a.code === query.pactCode) : agreements[0];
    if (query.pactCode && !pact) throw TransferErrors.pactDoesNotCover(query.pactCode);
    if (!pact) return { pactCode: null, pactVersion: null, pactTitle: null, ...this.defaults };
    return {
      pactCode: pact.code,
      pactVersion: pact.version,
      pactTitle: pact.titleZh,
      acknowledgeDays: pact.settings?.acknowledgeWithinDays || this.defaults.acknowledgeDays,
      decideDays: pact.settings?.decideWithinDays || this.defaults.decideDays,
    };
  }
}
