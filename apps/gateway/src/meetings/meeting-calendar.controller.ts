import { Controller, Get, Inject, Param, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Matches } from 'class-validator';
import { MeetingsRpc, UUID } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { HttpErrorFilter } from '../errors/http-errors.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import { MESSAGES } from '../graphql/input-messages.js';

export class MeetingPathParams {
  @Matches(UUID, MESSAGES.MEETING_ID)
  id: string;
}

/** RFC 5987 / 6266 `filename*` value: UTF-8, percent-encoded. */
const encodeFilename = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A meeting as an iCalendar (RFC 5545) file for ordinary calendar clients: `GET /meetings/:id/calendar.ics`. The
 * global AuthGuard verifies the bearer token; the meetings service decides whether the caller may see the meeting
 * and writes the VCALENDAR. Errors are `{ "error": { "code", "message" } }` (HttpErrorFilter).
 */
@Controller('meetings')
@UseFilters(HttpErrorFilter)
export class MeetingCalendarController {
  constructor(@Inject(RPC_CALLER) private readonly rpc: RpcCaller) {}

  @Get(':id/calendar.ics')
  @Authorize()
  async calendar(
    @Param() { id }: MeetingPathParams,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const { ics, filename } = await this.rpc.call(MeetingsRpc.calendar, { id }, { token: caller.token });
    res.status(200);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeFilename(filename || `${id}.ics`)}`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.end(ics);
  }
}
