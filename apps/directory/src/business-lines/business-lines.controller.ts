import { Controller, Inject } from '@nestjs/common';
import { DirectoryRpc } from '@yiti/contracts';
import { RpcHandler } from '@yiti/messaging';
import { BusinessLinesService } from './business-lines.service.js';

/** NATS handler for the code lists: any caller with a verified token. */
@Controller()
export class BusinessLinesController {
  constructor(@Inject(BusinessLinesService) private readonly businessLines: BusinessLinesService) {}

  @RpcHandler(DirectoryRpc.listBusinessLines)
  async list() {
    return { businessLines: await this.businessLines.list() };
  }
}
