import { Module } from '@nestjs/common';
import { ConversationsController } from './conversations.controller';
import { ConversationsExporter } from './conversations.exporter';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';

@Module({
  controllers: [ConversationsController],
  providers: [ConversationsService, ConversationsRepository, ConversationsExporter],
  exports: [ConversationsService, ConversationsExporter],
})
export class ConversationsModule {}
