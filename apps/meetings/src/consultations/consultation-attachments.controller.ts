import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  MeetingsRpc,
  type BeginConsultationAttachmentRequest,
  type CompleteConsultationAttachmentRequest,
  type PutConsultationAttachmentChunkRequest,
  type ReadConsultationAttachmentChunkRequest,
} from '@yiti/contracts';
import { RpcHandler, type RpcCall } from '@yiti/messaging';
import { ConsultationAttachmentsService } from './consultation-attachments.service.js';

/**
 * NATS handlers for consultation files, in chunks (the gateway assembles and checks whole files). Who may
 * attach (the lifecycle's edit rule) and read (whoever sees the consultation) is decided in the service.
 */
@Controller()
export class ConsultationAttachmentsController {
  constructor(
    @Inject(ConsultationAttachmentsService) private readonly attachments: ConsultationAttachmentsService,
  ) {}

  @RpcHandler(MeetingsRpc.beginConsultationAttachment)
  begin(@Payload() request: BeginConsultationAttachmentRequest, @Ctx() call: RpcCall) {
    return this.attachments.begin(request, call);
  }

  @RpcHandler(MeetingsRpc.putConsultationAttachmentChunk)
  async putChunk(@Payload() request: PutConsultationAttachmentChunkRequest, @Ctx() call: RpcCall) {
    await this.attachments.putChunk(request, call);
    return {};
  }

  @RpcHandler(MeetingsRpc.completeConsultationAttachment)
  async complete(@Payload() request: CompleteConsultationAttachmentRequest, @Ctx() call: RpcCall) {
    return { attachment: await this.attachments.complete(request.attachmentId, call) };
  }

  @RpcHandler(MeetingsRpc.readConsultationAttachmentChunk)
  read(@Payload() request: ReadConsultationAttachmentChunkRequest, @Ctx() call: RpcCall) {
    return this.attachments.readChunk(request, call);
  }
}
