import { Module } from '@nestjs/common';
import { ApiDocs } from './api-docs';
import { DocsController } from './docs.controller';

@Module({ providers: [ApiDocs], controllers: [DocsController], exports: [ApiDocs] })
export class DocsModule {}
