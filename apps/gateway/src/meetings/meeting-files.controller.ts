import { Controller, Get, Inject, Param, Res, UseFilters } from '@nestjs/common';
import { JsonLogger } from '@yiti/logging';
import type { Response } from 'express';
import { Matches } from 'class-validator';
import { DirectoryRpc, MeetingsRpc, UUID } from '@yiti/contracts';
import type { RpcCaller } from '@yiti/messaging';
import { Authorize } from '../auth/authorize.decorator.js';
import { CurrentCaller, type Caller } from '../auth/caller.js';
import { DirectoryLoaders } from '../directory/directory.loaders.js';
import { HttpError, HttpErrorFilter } from '../errors/http-errors.js';
import { RPC_CALLER } from '../graphql/graphql-context.js';
import { MESSAGES } from '../graphql/input-messages.js';
import { hasMinutes, toMeetingModel } from './meetings.mapper.js';
import { minutesDocument, type MinutesDocument } from './minutes-document.js';
import { renderMinutesDocx } from './minutes-docx.js';
import { missingFonts, renderMinutesPdf, type MinutesFonts } from './minutes-pdf.js';

/** The fonts the PDF minutes print in (GatewayConfig MINUTES_FONT_*). */
export const MINUTES_FONTS = Symbol('MINUTES_FONTS');

export class MeetingPathParams {
  @Matches(UUID, MESSAGES.MEETING_ID)
  id: string;
}

/** RFC 5987 / 6266 `filename*` value: UTF-8, percent-encoded. */
const encodeFilename = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A meeting's files over HTTP, for calendar clients and for filing: `GET /meetings/:id/calendar.ics` (iCalendar,
 * RFC 5545, written by the meetings service) and, once the meeting has concluded, its minutes as
 * `GET /meetings/:id/minutes.pdf` and `GET /meetings/:id/minutes.docx` (minutes-document.ts, written here from the
 * meeting as the service returns it). The global AuthGuard verifies the bearer token; the meetings service decides
 * whether the caller may see the meeting. Errors are `{ "error": { "code", "reason", "messages", "message" } }`
 * (HttpErrorFilter).
 */
@Controller('meetings')
@UseFilters(HttpErrorFilter)
export class MeetingFilesController {
  constructor(
    @Inject(RPC_CALLER) private readonly rpc: RpcCaller,
    @Inject(MINUTES_FONTS) private readonly fonts: MinutesFonts,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  @Get(':id/calendar.ics')
  @Authorize()
  async calendar(
    @Param() { id }: MeetingPathParams,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const { ics, filename } = await this.rpc.call(MeetingsRpc.calendar, { id }, { token: caller.token });
    send(res, 'text/calendar; charset=utf-8', filename || `${id}.ics`, ics);
  }

  @Get(':id/minutes.pdf')
  @Authorize()
  async minutesPdf(
    @Param() { id }: MeetingPathParams,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const missing = missingFonts(this.fonts);
    if (missing.length > 0) {
      this.logger.event('error', 'minutes.fonts-missing', { fonts: missing });
      throw new HttpError(
        'SERVICE_UNAVAILABLE',
        'The fonts the minutes print in are not installed on this server.',
      );
    }
    const document = await this.minutes(id, caller);
    send(res, 'application/pdf', `${document.name}.pdf`, await renderMinutesPdf(document, this.fonts));
  }

  @Get(':id/minutes.docx')
  @Authorize()
  async minutesDocx(
    @Param() { id }: MeetingPathParams,
    @Res() res: Response,
    @CurrentCaller() caller: Caller,
  ): Promise<void> {
    const document = await this.minutes(id, caller);
    send(
      res,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      `${document.name}.docx`,
      await renderMinutesDocx(document),
    );
  }

  /** The meeting as the caller may see it, with the organizations' names, once it has concluded. */
  private async minutes(id: string, caller: Caller): Promise<MinutesDocument> {
    const { meeting } = await this.rpc.call(MeetingsRpc.get, { id }, { token: caller.token });
    if (!meeting) throw new HttpError('NOT_FOUND', 'No such meeting, or it is not visible to you.');
    const model = toMeetingModel(meeting);
    if (!hasMinutes(model.state))
      throw new HttpError('CONFLICT', 'A meeting has minutes to export once it has concluded.');
    const loaders = new DirectoryLoaders(this.rpc, () => Promise.resolve(caller.token));
    const codes = [
      model.hostOrg,
      ...model.attendees.map((a) => a.org),
      ...model.signatures.map((s) => s.org),
      ...model.agenda.flatMap((i) => i.actions.map((a) => a.ownerOrg)),
    ];
    const found = await loaders.organizations.loadMany([...new Set(codes)]);
    const names = new Map(
      found.flatMap((o) => (o && !(o instanceof Error) ? [[o.code, o.nameZh] as const] : [])),
    );
    // People as the directory names them, in the script they were entered in (one request per organization).
    const people = new Map<string, string>();
    const orgsWithPeople = new Set([
      ...model.attendees.map((a) => a.org),
      ...model.signatures.map((s) => s.org),
    ]);
    await Promise.all(
      [...orgsWithPeople].map(async (organizationCode) => {
        const reply = await this.rpc.call(
          DirectoryRpc.listPeople,
          { organizationCode, limit: 200 },
          { token: caller.token },
        );
        for (const p of reply.people) people.set(p.username, p.displayName);
      }),
    );
    return minutesDocument(
      model,
      {
        org: (code) => names.get(code) ?? code,
        person: (username) => (people.has(username) ? `${people.get(username)}（${username}）` : username),
      },
      new Date(),
    );
  }
}

/** A file as an attachment, never cached, never sniffed. */
function send(res: Response, type: string, filename: string, body: string | Buffer): void {
  res.status(200);
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeFilename(filename)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
