import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { databaseUnavailable } from './database-errors';
import { SeamErrorCode, SeamException } from './seam.exception';

const STATUS: Record<SeamErrorCode, number> = {
  [SeamErrorCode.BadFile]: HttpStatus.UNPROCESSABLE_ENTITY,
  [SeamErrorCode.UnknownFormat]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [SeamErrorCode.FileTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
  [SeamErrorCode.NoFile]: HttpStatus.BAD_REQUEST,
  [SeamErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [SeamErrorCode.BadFilter]: HttpStatus.BAD_REQUEST,
  [SeamErrorCode.ImportBusy]: HttpStatus.CONFLICT,
  [SeamErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [SeamErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [SeamErrorCode.Exists]: HttpStatus.CONFLICT,
  [SeamErrorCode.Invalid]: HttpStatus.BAD_REQUEST,
  [SeamErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The one exception filter: domain codes to HTTP, Nest's own HTTP errors as they are, anything else a logged 500. */
@Catch()
export class SeamExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('SeamExceptionFilter');

  private lastUnavailableLog = 0;

  /** `uploadLimitBytes`: the largest upload, named when one is refused. */
  constructor(private readonly uploadLimitBytes: number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    afterBody(http.getRequest<Request>(), res, this.uploadLimitBytes, () => this.answer(exception, res));
  }

  private answer(exception: unknown, res: Response): void {
    if (exception instanceof SeamException) {
      res.status(STATUS[exception.code]).json({ code: exception.code, message: exception.message, ...exception.details });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      let message = typeof body === 'string' ? body : (body as { message?: unknown }).message ?? exception.message;
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
        message = `the file is larger than the upload limit of ${Math.round(this.uploadLimitBytes / 1024 / 1024)} MB (SEAM_UPLOAD_LIMIT_MB); import larger files with npx seam import`;
      }
      res.status(status).json({ code: codeForStatus(status), message: Array.isArray(message) ? message.join('; ') : message });
      return;
    }
    const down = databaseUnavailable(exception);
    if (down) {
      this.unavailable(down);
      res.status(HttpStatus.SERVICE_UNAVAILABLE).setHeader('Retry-After', '5').json({ code: SeamErrorCode.Unavailable, message: down });
      return;
    }
    const client = clientError(exception);
    if (client) {
      res.status(client.status).json({ code: codeForStatus(client.status), message: client.message });
      return;
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ code: 'INTERNAL', message: 'internal error; the server log has the details' });
  }

  /** Logged once every ten seconds however many requests meet it: an outage is one line, not one per request. */
  private unavailable(message: string): void {
    if (Date.now() - this.lastUnavailableLog < 10_000) return;
    this.lastUnavailableLog = Date.now();
    this.logger.warn(message);
  }
}

/** How long a refused request's body may take to arrive before the answer goes anyway (and the connection is closed). */
const DRAIN_MS = 10_000;

/**
 * Sends a refusal once the request's body has been read (and dropped), up to `limit` bytes and DRAIN_MS: a client
 * still sending a file when the answer came (a guard refuses an upload before anything reads it) would otherwise
 * have the connection closed under it and see a broken pipe instead of the refusal. A body over the limit, or too
 * slow, gets the answer at once with the connection closed.
 */
function afterBody(req: Request, res: Response, limit: number, send: () => void): void {
  if (req.complete || req.readableEnded) return send();
  const declared = Number(req.headers['content-length'] ?? 0);
  let received = 0;
  let sent = false;
  const go = (close: boolean) => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    req.off('data', count);
    if (close && !res.headersSent) res.setHeader('Connection', 'close');
    send();
  };
  const count = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) go(true);
  };
  const timer = setTimeout(() => go(true), DRAIN_MS);
  timer.unref();
  if (declared > limit) return go(true);
  req.on('data', count);
  req.once('end', () => go(false));
  req.once('error', () => go(true));
  req.once('close', () => go(true));
  req.resume();
}

/** PostgreSQL's classes for a value it cannot take (a NUL character, a number out of range, bad text for a type): the request's fault. */
const BAD_VALUE = new Set(['22021', '22P05', '22003', '22P02', '22007', '22008', '54000']);

/** Errors thrown below Nest that are the client's: the body parser's (too large, malformed) and values the database refuses. */
function clientError(exception: unknown): { status: number; message: string } | null {
  if (!(exception instanceof Error)) return null;
  const e = exception as Error & { status?: unknown; type?: unknown; driverError?: { code?: unknown; message?: unknown } };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string') {
    return { status: e.status, message: e.status === HttpStatus.PAYLOAD_TOO_LARGE ? 'the request body is too large' : e.message };
  }
  if (e instanceof QueryFailedError && typeof e.driverError?.code === 'string' && BAD_VALUE.has(e.driverError.code)) {
    return { status: HttpStatus.BAD_REQUEST, message: `a value in the request cannot be used: ${String(e.driverError.message)}` };
  }
  return null;
}

function codeForStatus(status: number): string {
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) return SeamErrorCode.FileTooLarge;
  if (status === HttpStatus.NOT_FOUND) return SeamErrorCode.NotFound;
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}
