import type { DescMessage } from '@bufbuild/protobuf';
import { PingRequestSchema, PingResponseSchema } from './gen/yiti/common/v1/rpc_pb.js';
import { AgreementEventSchema, AgreementsService } from './gen/yiti/agreements/v1/agreements_pb.js';
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

const a = AgreementsService.method;

export const AgreementsRpc = {
  ping: pingRpc('agreements'),
  create: rpc('yiti.agreements.agreement.create.v1', a.createAgreement),
  reviseDraft: rpc('yiti.agreements.agreement.revise-draft.v1', a.reviseDraft),
  circulate: rpc('yiti.agreements.agreement.circulate.v1', a.circulateAgreement),
  sign: rpc('yiti.agreements.agreement.sign.v1', a.signAgreement),
  amend: rpc('yiti.agreements.agreement.amend.v1', a.amendAgreement),
  renew: rpc('yiti.agreements.agreement.renew.v1', a.renewAgreement),
  terminate: rpc('yiti.agreements.agreement.terminate.v1', a.terminateAgreement),
  setPublic: rpc('yiti.agreements.agreement.set-public.v1', a.setAgreementPublic),
  get: rpc('yiti.agreements.agreement.get.v1', a.getAgreement),
  list: rpc('yiti.agreements.agreement.list.v1', a.listAgreements),
  diff: rpc('yiti.agreements.agreement.diff.v1', a.diffVersions),
  covering: rpc('yiti.agreements.agreement.covering.v1', a.agreementsCovering),
} as const;

/** Every RPC method of every service, for tooling (docs, drift checks, subject uniqueness). */
export const ALL_RPC_METHODS: readonly RpcMethod[] = [
  ...Object.values(DirectoryRpc),
  ...Object.values(AgreementsRpc),
];

/** A domain event: its subject (`yiti.evt.<service>.<aggregate>.<event>.v<N>`) and protobuf payload. */
export interface EventType<T extends DescMessage = DescMessage> {
  readonly subject: string;
  readonly payload: T;
}

const EVENT_SUBJECT = /^yiti\.evt\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/;

export function eventType<T extends DescMessage>(subject: string, payload: T): EventType<T> {
  if (!EVENT_SUBJECT.test(subject))
    throw new Error(`event subject "${subject}" does not follow the naming rule`);
  return { subject, payload };
}

export const AgreementEvents = {
  circulated: eventType('yiti.evt.agreements.agreement.circulated.v1', AgreementEventSchema),
  signed: eventType('yiti.evt.agreements.agreement.signed.v1', AgreementEventSchema),
  inForce: eventType('yiti.evt.agreements.agreement.in-force.v1', AgreementEventSchema),
  amended: eventType('yiti.evt.agreements.agreement.amended.v1', AgreementEventSchema),
  expired: eventType('yiti.evt.agreements.agreement.expired.v1', AgreementEventSchema),
  terminated: eventType('yiti.evt.agreements.agreement.terminated.v1', AgreementEventSchema),
} as const;
