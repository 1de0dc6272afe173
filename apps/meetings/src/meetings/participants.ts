import { Inject, Injectable } from '@nestjs/common';
import { DirectoryClient } from '@yiti/directory-client';
import { RpcClient } from '@yiti/messaging';
import { DIRECTORY_CACHE_SECONDS } from '../tokens.js';
import { MeetingErrors } from './meetings.errors.js';

/** What the directory answers about a meeting's organizations, on the caller's behalf (caller's token). */
@Injectable()
export class Participants {
  private readonly directory: DirectoryClient;

  constructor(@Inject(RpcClient) rpc: RpcClient, @Inject(DIRECTORY_CACHE_SECONDS) cacheSeconds: number) {
    // Every meeting asks about the same few organizations: reuse the answers for a while.
    this.directory = new DirectoryClient(rpc, cacheSeconds);
  }

  /**
   * Who may see a meeting of `hostOrg` inviting `invited`: those organizations and every superior
   * procuratorate above any of them. An invited organization the directory does not know is BAD_USER_INPUT.
   */
  async visibleTo(hostOrg: string, invited: readonly string[], token: string): Promise<string[]> {
    const { unknown, withSuperiors } = await this.directory.withSuperiors(
      [...new Set([hostOrg, ...invited])],
      token,
    );
    if (unknown.length > 0) throw MeetingErrors.unknownOrganizations('details.invitees', unknown);
    return withSuperiors;
  }

  /** Refuses organizations the directory does not know (e.g. action items' owners). */
  async requireKnown(codes: readonly string[], field: string, token: string): Promise<void> {
    if (codes.length === 0) return;
    const { unknown } = await this.directory.withSuperiors([...new Set(codes)], token);
    if (unknown.length > 0) throw MeetingErrors.unknownOrganizations(field, unknown);
  }

  /** An organization's Chinese name, or its code when the directory does not know it. */
  async nameOf(code: string, token: string): Promise<string> {
    const { found } = await this.directory.withSuperiors([code], token);
    return found[0]?.nameZh || code;
  }
}
