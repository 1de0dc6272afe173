import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  TransfersRpc,
  type BeginAttachmentRequest,
  type CompleteAttachmentRequest,
  type PutAttachmentChunkRequest,
  type ReadAttachmentChunkRequest,
} from '@yiti/contracts';
import { requireRole, RpcHandler, type RpcCall } from '@yiti/messaging';
import { AttachmentsService } from './attachments.service.js';

/** NATS handlers for attachment content, in chunks (the gateway assembles and checks whole files). */
@Controller()
export class AttachmentsController {
  constructor(@Inject(AttachmentsService) private readonly attachments: AttachmentsService) {}

  @RpcHandler(TransfersRpc.beginAttachment)
  begin(@Payload() request: BeginAttachmentRequest, @Ctx() call: RpcCall) {
    requireRole(call, 'prosecutor', 'chief-prosecutor');
    return this.attachments.begin(request, call);
  }

  @RpcHandler(TransfersRpc.putAttachmentChunk)
  async putChunk(@Payload() request: PutAttachmentChunkRequest, @Ctx() call: RpcCall) {
    await this.attachments.putChunk(request, call);
    return {};
  }

  @RpcHandler(TransfersRpc.completeAttachment)
  async complete(@Payload() request: CompleteAttachmentRequest, @Ctx() call: RpcCall) {
    return { attachment: await this.attachments.complete(request.attachmentId, call) };
  }

  @RpcHandler(TransfersRpc.readAttachmentChunk)
  read(@Payload() request: ReadAttachmentChunkRequest, @Ctx() call: RpcCall) {
    return this.attachments.readChunk(request, call);
  }
}
