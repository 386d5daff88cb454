import { Controller, Get, Param, Query } from '@nestjs/common';
import { SeamErrorCode, SeamException } from '../../common/seam.exception';
import { CurrentUser } from '../access/access.guard';
import { AccessService } from '../access/access.service';
import { Allow, ANALYTICS, Principal, REVIEWERS } from '../access/roles';
import { ConversationsService } from './conversations.service';
import { ListConversationsQuery } from './dtos/conversation.dto';

@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly service: ConversationsService,
    private readonly access: AccessService,
  ) {}

  @Allow(...ANALYTICS)
  @Get()
  list(@Query() query: ListConversationsQuery) {
    return this.service.list(query);
  }

  /** Agents open only what the review queue holds or what is assigned to them. */
  @Allow(...REVIEWERS)
  @Get(':id')
  async get(@Param('id') id: string, @CurrentUser() p: Principal) {
    if (p.role === 'agent' && !(await this.access.agentMaySee(id, p.username))) {
      throw new SeamException(SeamErrorCode.Forbidden, 'agents see the conversations of the review queue and those assigned to them');
    }
    return this.service.get(id);
  }
}
