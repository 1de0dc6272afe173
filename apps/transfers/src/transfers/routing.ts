import { Inject, Injectable } from '@nestjs/common';
import { DirectoryClient } from '@yiti/directory-client';
import { RpcClient } from '@yiti/messaging';
import type { CheckedContent } from './content.js';
import { TransferErrors } from './transfers.errors.js';

export interface Route {
  /** Both parties and every superior procuratorate above either. */
  visibleTo: string[];
  /** Who designates jurisdiction if the dispute escalates; null when the directory knows none. */
  commonSuperiorOrg: string | null;
  /** The division where it arose, as today's code (a legacy code is translated). */
  divisionCode: string;
}

export const DIRECTORY_CACHE_SECONDS = 'DIRECTORY_CACHE_SECONDS';

/** What the directory answers about a transfer's organizations, on the sender's behalf (sender's token). */
@Injectable()
export class Routing {
  private readonly directory: DirectoryClient;

  constructor(@Inject(RpcClient) rpc: RpcClient, @Inject(DIRECTORY_CACHE_SECONDS) cacheSeconds: number) {
    // Every send asks about the same few organizations: reuse the answers for a while (DIRECTORY_CACHE_SECONDS).
    this.directory = new DirectoryClient(rpc, cacheSeconds);
  }

  /**
   * Also refuses a business line or category the directory does not list (BAD_USER_INPUT naming the valid
   * codes): every way a transfer is drafted or sent comes here first.
   */
  async resolve(senderOrg: string, content: CheckedContent, token: string): Promise<Route> {
    await this.directory.checkCodes(
      [
        { field: 'content.businessLine', businessLine: content.businessLine },
        { field: 'content.category', category: content.category, businessLines: [content.businessLine] },
      ],
      token,
    );
    const division = content.divisionCode || senderOrg.slice(senderOrg.lastIndexOf('-') + 1);
    const [parties, commonSuperior, divisionCode] = await Promise.all([
      this.directory.withSuperiors([senderOrg, content.receiverOrg], token),
      this.directory.commonSuperior(senderOrg, content.receiverOrg, token),
      this.directory.currentDivisionCode(division, token),
    ]);
    if (parties.unknown.length > 0) throw TransferErrors.unknownOrganizations(parties.unknown);
    if (!divisionCode) throw TransferErrors.unknownDivision(division);
    return { visibleTo: parties.withSuperiors, commonSuperiorOrg: commonSuperior ?? null, divisionCode };
  }

  /** Whether `org` exists and `superior` is above it (or is it): a designation must stay in its jurisdiction. */
  async isUnder(org: string, superior: string, token: string): Promise<boolean> {
    const { unknown, withSuperiors } = await this.directory.withSuperiors([org], token);
    return unknown.length === 0 && withSuperiors.includes(superior);
  }
}
