import {
  ForbiddenException,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasAnyRole, TokenVerifier, type Role } from '@yiti/auth';
import { JsonLogger } from '@yiti/logging';
import { missingRoleBody } from '../errors/error-reasons.js';
import { AUTHORIZE_METADATA, PUBLIC_METADATA } from './authorize.decorator.js';
import { requestOf } from './caller.js';
import { verifyCaller } from './verify-caller.js';

/**
 * The gateway's one guard, applied to every resolver and HTTP endpoint (those marked `@PublicEndpoint()`
 * excepted): verifies the bearer token (keycloak-connect plus the
 * checks it lacks — see TokenVerifier), once per HTTP request, then the roles `@Authorize` asks for.
 * On a WebSocket the connection was verified when it opened: its operations arrive with `yitiVerification` set.
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
    req.yitiVerification ??= verifyCaller(this.verifier, this.logger, req.headers.authorization);
    const caller = await req.yitiVerification;
    req.yitiCaller = caller;
    if (roles.length > 0 && !hasAnyRole(caller.principal, roles)) {
      throw new ForbiddenException(missingRoleBody(`This needs one of the roles: ${roles.join(', ')}.`));
    }
    return true;
  }
}
