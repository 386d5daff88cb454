import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AccessRepository } from './access.repository';
import { AccessService } from './access.service';
import { AdminController } from './admin.controller';
import { AuthController } from './auth.controller';

/** Who may do what: accounts, sessions, API tokens, the guard on every endpoint, and the audit log. */
@Global()
@Module({
  controllers: [AuthController, AdminController],
  providers: [AccessService, AccessRepository, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccessService],
})
export class AccessModule {}
