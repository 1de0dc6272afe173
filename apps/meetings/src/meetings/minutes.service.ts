import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MINUTES_MAX_LENGTH,
  type Meeting as MeetingMessage,
  type SignMinutesRequest,
  type WriteMinutesRequest,
} from '@yiti/contracts';
import { inputCheck, type RpcCall } from '@yiti/messaging';
import { checkMove } from './lifecycle.js';
import { MeetingQueriesService } from './meeting-queries.service.js';
import { actorOf, checkExpectedVersion, MeetingWriter } from './meeting-writer.js';
import { MeetingErrors } from './meetings.errors.js';
import { awaitingSignatures, currentDigest } from './meetings.mapper.js';
import { MinutesSignature } from './minutes-signature.entity.js';

/**
 * The minutes of a concluded meeting: written by the host's secretary, signed by every attendee present over
 * the SHA-256 digest of the record (digest.ts). A change after a signature keeps it but shows it no longer
 * valid; the last valid signature approves the minutes.
 */
@Injectable()
export class MinutesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MeetingWriter) private readonly writer: MeetingWriter,
    @Inject(MeetingQueriesService) private readonly queries: MeetingQueriesService,
  ) {}

  async write(request: WriteMinutesRequest, call: RpcCall): Promise<MeetingMessage> {
    checkExpectedVersion(request.expectedVersion);
    const minutes = request.minutes.replace(/\r\n?/g, '\n').trim();
    inputCheck().required('minutes', minutes).maxLength('minutes', minutes, MINUTES_MAX_LENGTH).done();
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      await this.writer.change(
        manager,
        meeting,
        'writeMinutes',
        actorOf(call.principal),
        request.expectedVersion,
        {
          minutes,
        },
      );
    });
    return this.queries.view(request.id, call.principal.org);
  }

  /** Signs the minutes as they are now (the digest the signer saw must be the current one). */
  async sign(request: SignMinutesRequest, call: RpcCall): Promise<MeetingMessage> {
    inputCheck()
      .matches('digest', request.digest, /^[0-9a-fA-F]{64}$/, 'must be a SHA-256 digest in hex')
      .done();
    const actor = actorOf(call.principal);
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.writer.lock(manager, request.id, call.principal.org);
      checkMove(meeting, 'sign', call.principal);
      if (!meeting.minutes) throw MeetingErrors.noMinutes(meeting.id);
      const loaded = await this.writer.load(manager, meeting);
      const digest = currentDigest(loaded);
      if (request.digest.toLowerCase() !== digest) throw MeetingErrors.digestMismatch();
      const signedBefore = loaded.signatures.some(
        (s) => s.digest === digest && s.username === actor.username && s.org === actor.org,
      );
      if (signedBefore) throw MeetingErrors.alreadySigned(actor.username);
      const signature = manager.getRepository(MinutesSignature).create({
        meetingId: meeting.id,
        username: actor.username,
        org: actor.org,
        signedAt: new Date(),
        digest,
      });
      await manager.getRepository(MinutesSignature).insert(signature);
      loaded.signatures.push(signature);
      await this.writer.change(manager, meeting, 'sign', actor, undefined);
      if (awaitingSignatures(loaded, digest).length === 0)
        // The signer completed them: the system approves (announced as done by the last signer).
        await this.writer.change(
          manager,
          meeting,
          'approveMinutes',
          { ...actor, principal: undefined },
          undefined,
          {
            approvedAt: new Date(),
          },
        );
    });
    return this.queries.view(request.id, call.principal.org);
  }
}
