import { TransferEvents } from './rpc.js';

/**
 * Who may do what on the NATS bus: one entry per identity (each service, the gateway, the records auditor and
 * the operator), from which the nats-server authorization is generated (libs/devstack for `npm start` and the
 * tests, `deploy/nats/` for production). Nothing else grants bus access, so this table is the whole answer to
 * "who can read or send what". docs/security.md explains the rules.
 *
 * The rules it encodes:
 * - a service subscribes only to its own request subjects `yiti.<service>.>` (so nobody else can answer them,
 *   join their queue group or read the bearer tokens they carry) and replies through `allow_responses`;
 * - it publishes requests only to the services it calls;
 * - it publishes events only under its own `yiti.evt.<service>.>`: a consumer that filters on a producer's
 *   subjects therefore only ever sees events that producer sent;
 * - replies come back on a private inbox, `_INBOX.<identity>.>`, that only that identity may subscribe to;
 * - JetStream: its streams' info, and creating them when they do not exist yet (a create with another
 *   configuration than the existing stream's is refused by the server, so this cannot change a stream), and its
 *   own durable consumers by exact name and filter — no stream update, purge or deletion, no message reads
 *   outside its consumers; changing a stream is the operator's job.
 */

/** A durable JetStream consumer of the event stream: who owns it, its name and the one subject it reads. */
export interface BusConsumer {
  readonly identity: ServiceIdentity;
  readonly durableName: string;
  /** Without the subject prefix. */
  readonly filterSubject: string;
}

export const BUS_CONSUMERS = {
  meetingsTransferObjections: {
    identity: 'meetings',
    durableName: 'meetings-transfer-objections',
    filterSubject: TransferEvents.objected.subject,
  },
  transfersConsultationOutcomes: {
    identity: 'transfers',
    durableName: 'transfers-consultations',
    filterSubject: 'yiti.evt.meetings.consultation.>',
  },
} as const satisfies Record<string, BusConsumer>;

export const SERVICE_IDENTITIES = ['directory', 'agreements', 'transfers', 'meetings', 'records'] as const;
export type ServiceIdentity = (typeof SERVICE_IDENTITIES)[number];
export const BUS_IDENTITIES = [...SERVICE_IDENTITIES, 'gateway', 'auditor', 'operator'] as const;
export type BusIdentity = (typeof BUS_IDENTITIES)[number];

interface IdentityRule {
  /** Services whose request subjects this identity may publish to. */
  readonly calls: readonly ServiceIdentity[];
  /** Answers requests on `yiti.<identity>.>` (the services). */
  readonly serves: boolean;
  /** Publishes domain events under `yiti.evt.<identity>.>` (through its outbox relay). */
  readonly producesEvents: boolean;
  /** Publishes signed checkpoints of its audit chain under `yiti.audit.<identity>.>` to the audit stream. */
  readonly publishesAuditCheckpoints?: boolean;
  /** Reads the whole event stream through ephemeral ordered consumers (the gateway's live notifications). */
  readonly readsAllEvents?: boolean;
  /** Reads the audit-checkpoint stream (the auditor's verification). */
  readsAuditCheckpoints?: boolean;
  /** Everything (provisioning streams, the test harness, incident response). */
  readonly superuser?: boolean;
}

export const BUS_RULES: Readonly<Record<BusIdentity, IdentityRule>> = {
  directory: { calls: [], serves: true, producesEvents: false },
  agreements: { calls: ['directory'], serves: true, producesEvents: true },
  transfers: { calls: ['directory', 'agreements'], serves: true, producesEvents: true },
  meetings: { calls: ['directory'], serves: true, producesEvents: true },
  records: {
    calls: ['directory', 'agreements'],
    serves: true,
    producesEvents: true,
    publishesAuditCheckpoints: true,
  },
  gateway: {
    calls: ['directory', 'agreements', 'transfers', 'meetings', 'records'],
    serves: false,
    producesEvents: false,
    readsAllEvents: true,
  },
  auditor: { calls: ['records'], serves: false, producesEvents: false, readsAuditCheckpoints: true },
  operator: { calls: [], serves: false, producesEvents: false, superuser: true },
};

/** The private reply inbox prefix of an identity: pass it as the connection's `inboxPrefix`. */
export function inboxPrefixOf(identity: BusIdentity): string {
  return `_INBOX.${identity}`;
}

export interface BusLayout {
  /** NATS_SUBJECT_PREFIX (empty in production). */
  subjectPrefix: string;
  /** EVENTS_STREAM; its dead-letter stream is `<name>_DLQ`. */
  eventsStream: string;
  /** AUDIT_CHECKPOINT_STREAM. */
  auditStream: string;
  /**
   * The JetStream domain of the city's servers, when county leaf nodes join them (CITY_JETSTREAM_DOMAIN): a
   * process behind a leaf reaches JetStream as `$JS.<domain>.API`, so each JetStream call an identity may make
   * is allowed under that name too.
   */
  jetstreamDomain?: string;
}

/** The JetStream domain of the city's NATS servers, which county leaf nodes reach JetStream in. */
export const CITY_JETSTREAM_DOMAIN = 'city';

export interface BusPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** Lets a responder publish one reply to the reply subject of a request it received, for a short time. */
  allow_responses: boolean | { max: number; expires: string };
}

/** The nats-server permissions of one identity on a given bus layout. */
export function busPermissions(identity: BusIdentity, layout: BusLayout): BusPermissions {
  const rule = BUS_RULES[identity];
  if (rule.superuser)
    return { publish: { allow: ['>'] }, subscribe: { allow: ['>'] }, allow_responses: false };
  const p = layout.subjectPrefix;
  const events = layout.eventsStream;
  const dlq = `${events}_DLQ`;
  const api = '$JS.API';
  const publish = new Set<string>([`${api}.INFO`]);
  const subscribe = new Set<string>([`${inboxPrefixOf(identity)}.>`]);
  for (const callee of rule.calls) publish.add(`${p}yiti.${callee}.>`);
  if (rule.serves) subscribe.add(`${p}yiti.${identity}.>`);
  const useStream = (stream: string) => {
    publish.add(`${api}.STREAM.INFO.${stream}`);
    publish.add(`${api}.STREAM.CREATE.${stream}`);
  };
  if (rule.producesEvents) {
    publish.add(`${p}yiti.evt.${identity}.>`);
    useStream(events);
    useStream(dlq);
  }
  if (rule.publishesAuditCheckpoints) {
    publish.add(`${p}yiti.audit.${identity}.>`);
    useStream(layout.auditStream);
    // Reads back its own last checkpoint, for the auditor's verification (one message, by subject).
    publish.add(`${api}.STREAM.MSG.GET.${layout.auditStream}`);
  }
  for (const consumer of Object.values(BUS_CONSUMERS) as BusConsumer[]) {
    if (consumer.identity !== identity) continue;
    const name = consumer.durableName;
    useStream(events);
    useStream(dlq);
    publish.add(`${api}.CONSUMER.CREATE.${events}.${name}.${p}${consumer.filterSubject}`);
    publish.add(`${api}.CONSUMER.INFO.${events}.${name}`);
    publish.add(`${api}.CONSUMER.MSG.NEXT.${events}.${name}`);
    publish.add(`$JS.ACK.${events}.${name}.>`);
    publish.add(`${p}yiti.dlq.${name}`);
  }
  const readStream = (stream: string, filter: string) => {
    // Ordered consumers have generated names, so the name token is a wildcard; the filter is fixed. No delete:
    // that would reach the services' durable consumers too; the server drops an idle ordered consumer itself.
    publish.add(`${api}.STREAM.INFO.${stream}`);
    publish.add(`${api}.CONSUMER.CREATE.${stream}.*.${filter}`);
    publish.add(`${api}.CONSUMER.INFO.${stream}.*`);
    publish.add(`${api}.CONSUMER.MSG.NEXT.${stream}.*`);
  };
  if (rule.readsAllEvents) readStream(events, `${p}yiti.evt.>`);
  if (rule.readsAuditCheckpoints) readStream(layout.auditStream, `${p}yiti.audit.>`);
  if (layout.jetstreamDomain) {
    for (const subject of [...publish]) {
      if (subject.startsWith(`${api}.`))
        publish.add(`$JS.${layout.jetstreamDomain}.API.${subject.slice(api.length + 1)}`);
    }
  }
  return {
    publish: { allow: [...publish].sort() },
    subscribe: { allow: [...subscribe].sort() },
    allow_responses: rule.serves ? { max: 1, expires: '1m' } : false,
  };
}

/**
 * The county leaf node: a county office on an unreliable link runs its own nats-server as a leaf node of the
 * city's hub, and the county's processes connect to it. The leaf logs in to the hub as this one identity (a
 * user and password: nats-server 2.9 leaf remotes cannot sign with a bare nkey), and its permissions are all
 * that may cross the county link — from the leaf's side, `publish` is what the county may send into the hub and
 * `subscribe` what the hub delivers to the county:
 * - what the identities the county runs (`runs`) may send, each under its own rules above;
 * - only the replies and deliveries meant for them (their private inboxes): the county's services do not serve
 *   the city across the link, so a city request is never routed to a county instance over the WAN.
 * The county's processes keep their own identities on the leaf, which enforces BUS_RULES for them locally.
 */
export const COUNTY_LEAF = {
  user: 'county-leaf',
  runs: ['meetings', 'gateway'],
} as const satisfies { user: string; runs: readonly BusIdentity[] };

/** The hub-side permissions of the county leaf node's connection (see COUNTY_LEAF). */
export function leafPermissions(layout: BusLayout): BusPermissions {
  const publish = new Set<string>();
  const subscribe = new Set<string>();
  for (const identity of COUNTY_LEAF.runs) {
    const own = busPermissions(identity, layout);
    for (const subject of own.publish.allow) publish.add(subject);
    subscribe.add(`${inboxPrefixOf(identity)}.>`);
  }
  return {
    publish: { allow: [...publish].sort() },
    subscribe: { allow: [...subscribe].sort() },
    allow_responses: false,
  };
}
