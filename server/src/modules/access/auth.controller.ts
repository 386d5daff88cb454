import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { SEAM_CONFIG, SeamConfig } from '../../config/seam.config';
import { AccessService } from './access.service';
import { cookie, CurrentUser, SESSION_COOKIE } from './access.guard';
import { CreateTokenBody, SignInBody } from './dtos/access.dto';
import { Allow, Principal, Public, REVIEWERS } from './roles';
import type { CreatedToken, Me, SignedIn, Token } from '#contracts';

/** Signing in and out, who am I, and one's own API tokens. */
@Controller()
export class AuthController {
  constructor(
    private readonly access: AccessService,
    @Inject(SEAM_CONFIG) private readonly config: SeamConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async signIn(@Body() body: SignInBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SignedIn> {
    const { session, user, expiresAt } = await this.access.signIn(body.username, body.password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    res.cookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: new Date(expiresAt) });
    await this.access.audit({ userId: user.id, username: user.username, role: user.role, via: 'session', scope: 'full' }, 'auth.sign_in', `user:${user.id}`);
    return { user, expiresAt };
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const session = cookie(req, SESSION_COOKIE);
    if (session) await this.access.signOut(session);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** The signed-in user; `demo` says the sample mode signed them in without a password. */
  @Allow(...REVIEWERS)
  @Get('auth/me')
  me(@CurrentUser() p: Principal): Me {
    return { username: p.username, role: p.role, via: p.via, scope: p.scope, demo: p.via === 'demo', sessionHours: this.config.sessionHours };
  }

  @Allow(...REVIEWERS)
  @Get('tokens')
  tokens(@CurrentUser() p: Principal): Promise<Token[]> {
    return this.access.tokens(p);
  }

  /** The token's secret is in this response only. */
  @Allow(...REVIEWERS)
  @Post('tokens')
  async createToken(@CurrentUser() p: Principal, @Body() body: CreateTokenBody): Promise<CreatedToken> {
    const { token, info } = await this.access.createToken(p, body.name, body.scope);
    await this.access.audit(p, 'token.create', `token:${info.id}`, { name: info.name, scope: info.scope });
    return { ...info, token };
  }

  @Allow(...REVIEWERS)
  @Delete('tokens/:id')
  @HttpCode(204)
  async revokeToken(@CurrentUser() p: Principal, @Param('id', ParseIntPipe) id: number) {
    await this.access.revokeToken(p, id);
    await this.access.audit(p, 'token.revoke', `token:${id}`);
  }
}
