import { applyDecorators, SetMetadata } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { RpcMethod } from '@yiti/contracts';

export const RPC_METHOD_METADATA = 'yiti:rpc-method';

/**
 * Marks a controller method as the handler of one RPC method. Its parameters are Nest's `@Payload()` (the
 * decoded, protobuf request) and `@Ctx()` (an `RpcCall`: the verified caller and the request id); it returns
 * the reply message (or its init shape).
 */
export function RpcHandler(method: RpcMethod): MethodDecorator {
  return applyDecorators(MessagePattern(method.subject), SetMetadata(RPC_METHOD_METADATA, method));
}
