import {
  AGREEMENT_CODE,
  CASE_NUMBER,
  DIVISION_CODE,
  ORGANIZATION_CODE,
  SCOPE_CODE,
  SUMMARY_MAX_LENGTH,
  type TransferContent,
} from '@yiti/contracts';
import { inputCheck } from '@yiti/messaging';
import type { TransferKindCode } from './transfer.entity.js';
import { KINDS } from './transfers.mapper.js';

/** A sender's content after the service's own checks (the gateway checked the same formats already). */
export interface CheckedContent {
  receiverOrg: string;
  kind: TransferKindCode;
  businessLine: string;
  category: string;
  /** Empty: the sender's own division. */
  divisionCode: string;
  summary: string;
  senderCaseNumber: string | null;
  pactCode: string;
}

export function checkedContent(content: TransferContent | undefined, senderOrg: string): CheckedContent {
  const c = content ?? ({} as Partial<TransferContent>);
  const kind = KINDS.code(c.kind);
  const summary = (c.summary ?? '').trim();
  const caseNumber = (c.senderCaseNumber ?? '').trim();
  inputCheck()
    .that('content', content !== undefined, 'is required')
    .matches('content.receiverOrg', c.receiverOrg ?? '', ORGANIZATION_CODE, 'must be an organization code')
    .that('content.kind', kind !== undefined, 'must be CASE or LEAD')
    .matches('content.businessLine', c.businessLine ?? '', SCOPE_CODE, 'must be a code such as criminal')
    .matches('content.category', c.category ?? '', SCOPE_CODE, 'must be a code such as ecology-resources')
    .that(
      'content.divisionCode',
      !c.divisionCode || DIVISION_CODE.test(c.divisionCode),
      'must be a six-digit division code',
    )
    .required('content.summary', summary)
    .maxLength('content.summary', summary, SUMMARY_MAX_LENGTH)
    .that(
      'content.senderCaseNumber',
      !caseNumber || CASE_NUMBER.test(caseNumber),
      'must be a document number such as 贡检移〔2026〕3号',
    )
    .that('content.pactCode', !c.pactCode || AGREEMENT_CODE.test(c.pactCode), 'must be an agreement code')
    .that('content.receiverOrg', c.receiverOrg !== senderOrg, 'must not be your own organization')
    .done();
  return {
    receiverOrg: c.receiverOrg!,
    kind: kind!,
    businessLine: c.businessLine!,
    category: c.category!,
    divisionCode: c.divisionCode ?? '',
    summary,
    senderCaseNumber: caseNumber || null,
    pactCode: c.pactCode ?? '',
  };
}
