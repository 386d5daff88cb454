import { Global, Module } from '@nestjs/common';
import { DataVersion, ReadCache, ReadCacheInterceptor } from './read-cache';

@Global()
@Module({
  providers: [DataVersion, ReadCache, ReadCacheInterceptor],
  exports: [DataVersion, ReadCache, ReadCacheInterceptor],
})
export class CacheModule {}
