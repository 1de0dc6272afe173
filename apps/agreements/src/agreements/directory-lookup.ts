import { Inject, Injectable } from '@nestjs/common';
import { DirectoryClient } from '@yiti/directory-client';
import { RpcClient } from '@yiti/messaging';
import { AgreementErrors } from './agreements.errors.js';

/** What the agreements service asks the directory, on the caller's behalf (with the caller's token). */
@Injectable()
export class DirectoryLookup {
  private readonly directory: DirectoryClient;

  constructor(@Inject(RpcClient) rpc: RpcClient) {
    this.directory = new DirectoryClient(rpc);
  }

  /**
   * Checks the parties exist and returns who may see the agreement: the parties and every superior
   * procuratorate above any of them (the city over its counties, the region over the cities).
   */
  async partiesAndSuperiors(partyCodes: readonly string[], token: string): Promise<string[]> {
    const { unknown, withSuperiors } = await this.directory.withSuperiors(partyCodes, token);
    if (unknown.length > 0) throw AgreementErrors.unknownParties(unknown);
    return withSuperiors;
  }

  /**
   * Refuses business lines and categories the directory does not list: each category must belong to one of the
   * scope's business lines (to any line when the scope names none).
   */
  async checkScopeCodes(
    scope: { businessLines: readonly string[]; caseCategories: readonly string[] },
    token: string,
    fields = { businessLines: 'content.scope.businessLines', caseCategories: 'content.scope.caseCategories' },
  ): Promise<void> {
    await this.directory.checkCodes(
      [
        ...scope.businessLines.map((businessLine) => ({ field: fields.businessLines, businessLine })),
        ...scope.caseCategories.map((category) => ({
          field: fields.caseCategories,
          category,
          businessLines: scope.businessLines,
        })),
      ],
      token,
    );
  }

  /** The member divisions of a basin now (a version keeps this snapshot: it is what the parties signed). */
  async basinDivisions(basinCode: string, token: string): Promise<string[]> {
    const members = await this.directory.basinDivisions(basinCode, token);
    if (!members) throw AgreementErrors.unknownBasin(basinCode);
    return members;
  }
}
