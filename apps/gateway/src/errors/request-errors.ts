import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { GatewayReason } from '@yiti/contracts';
import { reasonExtensions } from './error-reasons.js';
import { sendHttpError } from './http-errors.js';

/** The GraphQL error answer (docs/errors.md) of a request refused before GraphQL saw it. */
export const graphqlErrorBody = (message: string) =>
  JSON.stringify({
    errors: [
      {
        message,
        extensions: {
          code: 'BAD_USER_INPUT',
          ...reasonExtensions('BAD_USER_INPUT', GatewayReason.REQUEST_MALFORMED),
        },
      },
    ],
  });

/** body-parser's error types → what the client is told (its own messages quote the body and name the limit). */
const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  'entity.parse.failed': { status: 400, message: 'The request body is not valid JSON.' },
  'entity.too.large': { status: 413, message: 'The request body is too large.' },
  'entity.verify.failed': { status: 400, message: 'The request body could not be read.' },
  'request.aborted': { status: 400, message: 'The request body was not received in full.' },
  'request.size.invalid': { status: 400, message: 'The request body does not have its declared length.' },
  'charset.unsupported': { status: 415, message: 'The request body must be UTF-8 JSON.' },
  'encoding.unsupported': { status: 415, message: 'The request body has an unsupported content encoding.' },
  'parameters.too.many': { status: 413, message: 'The request body is too large.' },
  'stream.encoding.set': { status: 500, message: 'Internal error.' },
};

/**
 * Express error middleware, registered right after the body parsers: a body the JSON parser cannot read is
 * answered in the documented error shape — GraphQL's on /graphql, the HTTP endpoints' elsewhere — with
 * BAD_USER_INPUT and the status that fits (400 malformed, 413 too large, 415 unsupported encoding).
 */
export function bodyParserErrors() {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    const type = (err as { type?: unknown } | null)?.type;
    const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    if (!known || known.status >= 500 || res.headersSent) {
      next(err);
      return;
    }
    if (req.path === '/graphql') {
      res.status(known.status).setHeader('Cache-Control', 'no-store').type('application/json');
      res.send(graphqlErrorBody(known.message));
      return;
    }
    sendHttpError(res, {
      status: known.status,
      code: 'BAD_USER_INPUT',
      reason: GatewayReason.REQUEST_MALFORMED,
      message: known.message,
    });
  };
}

/** Node's HTTP parser errors (before Express sees a request) → status and message. */
function parserRefusal(code: string | undefined): { status: number; reason: string; message: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        reason: 'Request Header Fields Too Large',
        message: 'The request headers are too large.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, reason: 'Request Timeout', message: 'The request took too long to arrive.' };
    default:
      return { status: 400, reason: 'Bad Request', message: 'The request is not valid HTTP.' };
  }
}

/**
 * Node's HTTP server answers a request it cannot parse — headers over `maxHeaderSize` (16 KB by default), a
 * malformed request line — itself, with an empty body, before Express runs. This answers it in the GraphQL error
 * shape instead (the path is not known yet: the gateway's API is GraphQL), with the status Node would use,
 * and closes the connection, as Node does.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, reason, message } = parserRefusal(err.code);
    const body = graphqlErrorBody(message);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
