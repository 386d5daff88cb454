import { Controller, Get, Param, Query } from '@nestjs/common';
import { ConversationsService } from './conversations.service';
import { ListConversationsQuery } from './dtos/conversation.dto';

@Controller('conversations')
export class ConversationsController {
  constructor(private readonly service: ConversationsService) {}

  @Get()
  list(@Query() query: ListConversationsQuery) {
    return this.service.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }
}
