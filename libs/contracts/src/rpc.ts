import type { DescMessage } from '@bufbuild/protobuf';
import { PingRequestSchema, PingResponseSchema } from './gen/yiti/common/v1/rpc_pb.js';
import { DirectoryService } from './gen/yiti/directory/v1/directory_pb.js';

/**
 * One NATS request-reply endpoint: its subject (`yiti.<service>.<aggregate>.<verb>.v<N>`), the service that
 * answers it (also the queue group) and the protobuf request and reply messages.
 */
export interface RpcMethod<I extends DescMessage = DescMessage, O extends DescMessage = DescMessage> {
  readonly subject: string;
  readonly service: string;
  readonly input: I;
  readonly output: O;
}

const SUBJECT = /^yiti\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.v([1-9][0-9]*)$/;

export function rpc<I extends DescMessage, O extends DescMessage>(
  subject: string,
  method: { readonly input: I; readonly output: O },
): RpcMethod<I, O> {
  const match = SUBJECT.exec(subject);
  if (!match?.[1])
    throw new Error(`RPC subject "${subject}" does not follow yiti.<service>.<aggregate>.<verb>.v<N>`);
  return { subject, service: match[1], input: method.input, output: method.output };
}

/** The readiness probe every service answers. */
export function pingRpc(service: string) {
  return rpc(`yiti.${service}.health.ping.v1`, { input: PingRequestSchema, output: PingResponseSchema });
}

const d = DirectoryService.method;

export const DirectoryRpc = {
  ping: pingRpc('directory'),
  listOrganizations: rpc('yiti.directory.organization.list.v1', d.listOrganizations),
  getOrganizations: rpc('yiti.directory.organization.get-many.v1', d.getOrganizations),
  createOrganization: rpc('yiti.directory.organization.create.v1', d.createOrganization),
  updateOrganization: rpc('yiti.directory.organization.update.v1', d.updateOrganization),
  getDivision: rpc('yiti.directory.division.get.v1', d.getDivision),
  listDivisions: rpc('yiti.directory.division.list.v1', d.listDivisions),
  getBasin: rpc('yiti.directory.basin.get.v1', d.getBasin),
  setBasinMembership: rpc('yiti.directory.basin.set-membership.v1', d.setBasinMembership),
  getCommonSuperior: rpc('yiti.directory.hierarchy.common-superior.v1', d.getCommonSuperior),
} as const;

/** Every RPC method of every service, for tooling (docs, drift checks, subject uniqueness). */
export const ALL_RPC_METHODS: readonly RpcMethod[] = [...Object.values(DirectoryRpc)];
