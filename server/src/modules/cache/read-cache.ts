import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { from, Observable, of, switchMap, tap } from 'rxjs';
import { DataSource } from 'typeorm';

/** Answers kept at most (the dashboard's views and filters; an entry is one endpoint with one set of query values), and their total size. */
const ENTRIES = 500;
const BYTES = 64 * 1024 * 1024;

/** The data version: bumped by whatever changes what the cached aggregates are computed from. */
@Injectable()
export class DataVersion {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async current(): Promise<string> {
    return String((await this.ds.query(`SELECT version FROM data_version WHERE id = 1`))[0]?.version ?? 0);
  }

  async bump(): Promise<void> {
    await this.ds.query(`UPDATE data_version SET version = version + 1 WHERE id = 1`);
  }
}

/** The kept answers, one store for the whole server (Nest makes an interceptor a module: they all share this). */
@Injectable()
export class ReadCache {
  readonly entries = new Map<string, { version: string; value: unknown; bytes: number }>();
  bytes = 0;
  hits = 0;
  misses = 0;

  forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }

  keep(key: string, version: string, value: unknown): void {
    this.forget(key);
    const bytes = 2 * (JSON.stringify(value)?.length ?? 0);
    if (bytes > BYTES / 4) return;
    this.entries.set(key, { version, value, bytes });
    this.bytes += bytes;
    while (this.entries.size > ENTRIES || this.bytes > BYTES) this.forget(this.entries.keys().next().value!);
  }
}

/**
 * Answers of the dashboard's aggregate reads (metrics, breakdowns, flows, intents, behaviour), kept per URL (query
 * parameters in a canonical order) with the data version they were computed at. A read first asks the database
 * for the version (one primary-key lookup): the same version serves the kept answer, any other computes afresh.
 * The same for every role that may call the endpoint (the guard runs before). Least recently used goes first.
 */
@Injectable()
export class ReadCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly version: DataVersion,
    private readonly cache: ReadCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { principal?: { role: string } }>();
    const params = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1 || req.url.length));
    params.sort();
    // Roles may see different answers to one URL (agents see no message text): each role has its own entries.
    const key = `${req.principal?.role ?? ''}|${req.path}?${params.toString()}`;
    return from(this.version.current()).pipe(
      switchMap((version) => {
        const kept = this.cache.entries.get(key);
        if (kept && kept.version === version) {
          this.cache.hits++;
          this.cache.entries.delete(key);
          this.cache.entries.set(key, kept);
          return of(kept.value);
        }
        this.cache.misses++;
        return next.handle().pipe(tap((value) => this.cache.keep(key, version, value)));
      }),
    );
  }
}

/** A GET whose answer depends only on its URL and the data version. */
export const CachedRead = () => UseInterceptors(ReadCacheInterceptor);
