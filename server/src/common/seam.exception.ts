/** Every failure Seam reports on purpose has a code; the exception filter maps each code to an HTTP status. */
export enum SeamErrorCode {
  BadFile = 'BAD_FILE',
  UnknownFormat = 'UNKNOWN_FORMAT',
  FileTooLarge = 'FILE_TOO_LARGE',
  NoFile = 'NO_FILE',
  NotFound = 'NOT_FOUND',
  BadFilter = 'BAD_FILTER',
  ImportBusy = 'IMPORT_BUSY',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  Exists = 'EXISTS',
  Invalid = 'INVALID',
  /** The database is out of reach (stopped, restarting, unreachable) or cannot write (its disk is full). */
  Unavailable = 'UNAVAILABLE',
}

export class SeamException extends Error {
  constructor(
    readonly code: SeamErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SeamException';
  }
}

/** A file Seam cannot read at all (as opposed to single bad rows, which are reported and skipped). */
export function badFile(fileName: string, line: number | null, message: string): SeamException {
  const where = line === null ? fileName : `${fileName} line ${line}`;
  return new SeamException(SeamErrorCode.BadFile, `${where}: ${message}`, { file: fileName, line });
}
