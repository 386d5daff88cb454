import { createReadStream } from 'node:fs';
import type { FormatInput } from './format.types';

export type Line =
  | { line: number; text: string }
  | { line: number; error: string; raw: string };

const NEWLINE = 0x0a;
const PREVIEW_BYTES = 64 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function tooLong(bytes: number, max: number): string {
  return `line is ${bytes} bytes, over the limit of ${max} (SEAM_MAX_RECORD_KB)`;
}

/**
 * Streams a file as numbered lines with bounded memory: each line is checked as UTF-8 on its own,
 * a line longer than `maxRecordBytes` is reported with its first 64 KiB instead of being held whole,
 * and a byte-order mark at the start is dropped.
 */
export async function* readLines(input: FormatInput): AsyncGenerator<Line> {
  const max = input.maxRecordBytes;
  const stream = createReadStream(input.path, { highWaterMark: 1 << 20 });
  let parts: Buffer[] = [];
  let keptBytes = 0;
  let lineBytes = 0;
  let overflow = false;
  let lineNo = 1;
  let bytesRead = 0;
  let first = true;

  const append = (buf: Buffer) => {
    lineBytes += buf.length;
    if (!overflow && lineBytes > max) {
      overflow = true;
      const all = Buffer.concat(parts);
      parts = [all.subarray(0, PREVIEW_BYTES)];
      keptBytes = parts[0].length;
    }
    if (!overflow) {
      parts.push(Buffer.from(buf));
      keptBytes += buf.length;
    } else if (keptBytes < PREVIEW_BYTES) {
      const piece = Buffer.from(buf.subarray(0, PREVIEW_BYTES - keptBytes));
      parts.push(piece);
      keptBytes += piece.length;
    }
  };

  const finish = (tail: Buffer): Line => {
    append(tail);
    const buf = Buffer.concat(parts);
    let result: Line;
    if (overflow) {
      result = { line: lineNo, error: tooLong(lineBytes, max), raw: lenientUtf8.decode(buf) };
    } else {
      try {
        result = { line: lineNo, text: stripCr(strictUtf8.decode(buf)) };
      } catch {
        result = { line: lineNo, error: 'invalid UTF-8', raw: stripCr(lenientUtf8.decode(buf)) };
      }
    }
    parts = [];
    keptBytes = 0;
    lineBytes = 0;
    overflow = false;
    lineNo++;
    return result;
  };

  for await (const raw of stream) {
    let chunk = raw as Buffer;
    bytesRead += chunk.length;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    let start = 0;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= 0) {
      // The line carried over from the previous chunk ends at the first newline.
      if (lineBytes > 0) {
        const nl = chunk.indexOf(NEWLINE);
        yield finish(chunk.subarray(0, nl));
        start = nl + 1;
      }
      // Fast path: decode all complete lines of the chunk at once; fall back to one by one when not UTF-8.
      const whole = chunk.subarray(start, last);
      let text: string | null = null;
      if (start <= last) {
        try {
          text = strictUtf8.decode(whole);
        } catch {
          text = null;
        }
      }
      if (text !== null) {
        for (const part of text.split('\n')) {
          const bytes = part.length * 3 > max ? Buffer.byteLength(part) : 0;
          if (bytes > max) {
            yield { line: lineNo++, error: tooLong(bytes, max), raw: part.slice(0, PREVIEW_BYTES) };
          } else {
            yield { line: lineNo++, text: stripCr(part) };
          }
        }
      } else {
        let nl = chunk.indexOf(NEWLINE, start);
        while (nl >= 0 && nl <= last) {
          yield finish(chunk.subarray(start, nl));
          start = nl + 1;
          nl = chunk.indexOf(NEWLINE, start);
        }
      }
      start = last + 1;
    }
    if (start < chunk.length) append(chunk.subarray(start));
    input.onBytes?.(bytesRead);
  }
  if (lineBytes > 0) yield finish(Buffer.alloc(0));
}
