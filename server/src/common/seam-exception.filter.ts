import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
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
    const res = host.switchToHttp().getResponse<Response>();
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
