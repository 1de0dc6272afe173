import type { LoggerService } from '@nestjs/common';
import { currentRequestContext } from './request-context.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Structured JSON logging, one object per line on stdout. Every line carries the service name and, inside a
 * request, its request id and caller, so one request can be followed across the gateway and the services.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.emit('info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.emit('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.emit('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.emit('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.emit('debug', message, optional);
  }

  /** Logs with structured fields: `logger.event('info', 'rpc handled', { subject, ms })`. */
  event(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const ctx = currentRequestContext();
    const line: Record<string, unknown> = { time: new Date().toISOString(), level, service: this.service };
    if (ctx) {
      line['requestId'] = ctx.requestId;
      if (ctx.user) line['user'] = ctx.user;
      if (ctx.org) line['org'] = ctx.org;
    }
    Object.assign(line, fields, { msg });
    this.write(JSON.stringify(line));
  }

  private emit(level: LogLevel, message: unknown, optional: unknown[]): void {
    // Nest passes the logging context (a class name) as the last string argument, and a stack for errors.
    const fields: Record<string, unknown> = {};
    const rest = [...optional];
    if (typeof rest[rest.length - 1] === 'string') fields['context'] = rest.pop();
    if (level === 'error' && typeof rest[0] === 'string' && rest[0].includes('\n'))
      fields['stack'] = rest.shift();
    if (message instanceof Error) {
      fields['error'] = message.name;
      fields['stack'] = message.stack;
      this.event(level, message.message, fields);
      return;
    }
    this.event(level, typeof message === 'string' ? message : JSON.stringify(message), fields);
  }
}
