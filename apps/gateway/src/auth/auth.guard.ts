import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { bearerToken, hasAnyRole, TokenRejectedError, TokenVerifier, type Role } from '@yiti/auth';
import { currentRequestContext, JsonLogger } from '@yiti/logging';
import { AUTHORIZE_METADATA, PUBLIC_METADATA } from './authorize.decorator.js';
import { requestOf, type Caller } from './caller.js';

/**
 * The gateway's one guard, applied to every resolver and HTTP endpoint (those marked `@PublicEndpoint()`
 * excepted): verifies the bearer token (keycloak-connect plus the
 * checks it lacks — see TokenVerifier), once per HTTP request, then the roles `@Authorize` asks for.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.get<boolean | undefined>(PUBLIC_METADATA, context.getHandler())) return true;
    const roles = this.reflector.get<Role[] | undefined>(AUTHORIZE_METADATA, context.getHandler());
    if (roles === undefined) {
      // A developer's mistake (schema.spec.ts catches it): refuse, and say why only in the log.
      this.logger.event('error', 'resolver without @Authorize', {
        handler: `${context.getClass().name}.${context.getHandler().name}`,
      });
      throw new ForbiddenException('You are not allowed to do this.');
    }
    const req = requestOf(context);
    req.yitiVerification ??= this.verify(req.headers.authorization);
    const caller = await req.yitiVerification;
    req.yitiCaller = caller;
    if (roles.length > 0 && !hasAnyRole(caller.principal, roles)) {
      throw new ForbiddenException(`This needs one of the roles: ${roles.join(', ')}.`);
    }
    return true;
  }

  private async verify(header: string | undefined): Promise<Caller> {
    const token = bearerToken(header);
    try {
      const principal = await this.verifier.verify(token);
      const ctx = currentRequestContext();
      if (ctx) Object.assign(ctx, { user: principal.username, org: principal.org });
      return { principal, token: token! };
    } catch (err) {
      if (err instanceof TokenRejectedError) {
        this.logger.event('warn', 'token rejected', { reason: err.reason });
        throw new UnauthorizedException('A valid bearer token is required.');
      }
      throw err;
    }
  }
}
