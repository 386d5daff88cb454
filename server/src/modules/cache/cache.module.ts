import { Global, Module } from '@nestjs/common';
import { DataVersion, ReadCacheInterceptor } from './read-cache';

@Global()
@Module({
  providers: [DataVersion, ReadCacheInterceptor],
  exports: [DataVersion, ReadCacheInterceptor],
})
export class CacheModule {}
