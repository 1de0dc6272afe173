import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DirectoryRpc, type ListPeopleRequest } from '@yiti/contracts';
import { RpcHandler } from '@yiti/messaging';
import { PeopleService } from './people.service.js';

/** NATS handler for the people directory: any caller with a verified token. */
@Controller()
export class PeopleController {
  constructor(@Inject(PeopleService) private readonly people: PeopleService) {}

  @RpcHandler(DirectoryRpc.listPeople)
  async list(@Payload() request: ListPeopleRequest) {
    return { people: await this.people.list(request) };
  }
}
