/*
 * Which moves the portal offers on a transfer: the rules of the transfers service's lifecycle table
 * (docs/transfers.md, "States and who moves them"), as far as the portal can judge them from the transfer and
 * the signed-in person. The service decides again; a refusal it gives is shown in the person's language.
 */

export type TransferAction = 'send' | 'accept' | 'return' | 'object' | 'escalate' | 'designate' | 'upload';

export interface TransferFacts {
  readonly state: string;
  readonly senderOrg: string;
  readonly receiverOrg: string;
  readonly commonSuperiorOrg?: string | null;
}

export interface Person {
  readonly organizationCode: string;
  readonly roles: ReadonlySet<string>;
}

const FINAL = new Set(['ACCEPTED', 'RETURNED', 'RESOLVED', 'DESIGNATED']);
const UNDECIDED = new Set(['SENT', 'RECEIVED']);
const DISPUTED = new Set(['OBJECTED', 'IN_CONSULTATION']);

export function allowedActions(t: TransferFacts, who: Person): TransferAction[] {
  const prosecutor = who.roles.has('prosecutor') || who.roles.has('chief-prosecutor');
  const chief = who.roles.has('chief-prosecutor');
  const sender = who.organizationCode === t.senderOrg;
  const receiver = who.organizationCode === t.receiverOrg;
  const actions: TransferAction[] = [];
  if (t.state === 'DRAFT' && sender && prosecutor) actions.push('send');
  if (UNDECIDED.has(t.state) && receiver && prosecutor) actions.push('accept', 'return');
  if (UNDECIDED.has(t.state) && receiver && chief) actions.push('object');
  if (DISPUTED.has(t.state) && (sender || receiver) && chief && t.commonSuperiorOrg) actions.push('escalate');
  if (t.state === 'ESCALATED' && chief && who.organizationCode === t.commonSuperiorOrg)
    actions.push('designate');
  // Files go on while it is not final (docs/transfers.md, "Attachments over HTTP"): a draft too, which only its
  // sender sees.
  if (!FINAL.has(t.state) && (t.state === 'DRAFT' ? sender : sender || receiver) && prosecutor)
    actions.push('upload');
  return actions;
}
