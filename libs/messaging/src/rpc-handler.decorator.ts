import { applyDecorators, SetMetadata } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { RpcMethod } from '@yiti/contracts';

export const RPC_METHOD_METADATA = 'yiti:rpc-method';

/**
 * Marks a controller method as the handler of one RPC method. The handler receives the decoded request and
 * an `RpcCall` (the verified caller and request id) and returns the reply message (or its init shape).
 */
export function RpcHandler(method: RpcMethod): MethodDecorator {
  return applyDecorators(MessagePattern(method.subject), SetMetadata(RPC_METHOD_METADATA, method));
}
