import { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of } from 'rxjs';
import { DataVersion, ReadCache, ReadCacheInterceptor } from './read-cache';

function setup() {
  let version = 1;
  const cache = new ReadCacheInterceptor({ current: async () => String(version) } as DataVersion, new ReadCache());
  let computed = 0;
  const read = (url: string, value: unknown = { url }) => {
    const context = { switchToHttp: () => ({ getRequest: () => ({ url, path: url.split('?')[0] }) }) } as unknown as ExecutionContext;
    const handler: CallHandler = { handle: () => (computed++, of(value)) };
    return firstValueFrom(cache.intercept(context, handler));
  };
  return { cache, read, computed: () => computed, bump: () => version++ };
}

describe('ReadCacheInterceptor', () => {
  it('answers the same URL (parameters in any order) from the cache until the data version moves', async () => {
    const { read, computed, bump } = setup();
    expect(await read('/api/flows?from=2024-01-01&channel=web')).toEqual({ url: '/api/flows?from=2024-01-01&channel=web' });
    await read('/api/flows?channel=web&from=2024-01-01');
    expect(computed()).toBe(1);
    await read('/api/flows?channel=app&from=2024-01-01');
    expect(computed()).toBe(2);
    bump();
    await read('/api/flows?from=2024-01-01&channel=web');
    expect(computed()).toBe(3);
  });

  it('keeps at most 500 answers, dropping the least recently used, and never one too large to keep', async () => {
    const { read, computed } = setup();
    await read('/api/intents?n=0');
    for (let i = 1; i <= 500; i++) {
      await read(`/api/intents?n=${i}`);
      if (i === 250) await read('/api/intents?n=0');
    }
    const before = computed();
    await read('/api/intents?n=0');
    expect(computed()).toBe(before);
    await read('/api/intents?n=1');
    expect(computed()).toBe(before + 1);
    const huge = { text: 'x'.repeat(9 * 1024 * 1024) };
    await read('/api/intents/map?limit=1', huge);
    await read('/api/intents/map?limit=1', huge);
    expect(computed()).toBe(before + 3);
  });
});
