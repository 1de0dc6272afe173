import { ErrorCode } from './gen/yiti/common/v1/rpc_pb.js';

/**
 * The catalogue of error reasons: the machine-readable `extensions.reason` of every error a client sees, one
 * const object per domain, each reason with the `ErrorCode` it implies and a message in Chinese (zh-CN) and
 * English. A client branches on the reason and shows `zh`; the service's own message (English, with the
 * specifics: which id, which state) stays the error's `message`. How to add one: docs/errors.md.
 */
export type ErrorDomain =
  'common' | 'gateway' | 'directory' | 'agreements' | 'transfers' | 'meetings' | 'consultations' | 'records';

export interface ErrorReason {
  /** e.g. `TRANSFER_ILLEGAL_MOVE`: unique over the whole catalogue, never renamed once released. */
  readonly reason: string;
  readonly domain: ErrorDomain;
  readonly code: ErrorCode;
  readonly zh: string;
  readonly en: string;
}

type Entries = Record<string, { code: ErrorCode; zh: string; en: string }>;

/** A domain's reasons: key `ILLEGAL_MOVE` with prefix `TRANSFER_` is the reason `TRANSFER_ILLEGAL_MOVE`. */
function reasons<E extends Entries>(
  domain: ErrorDomain,
  prefix: string,
  entries: E,
): { [K in keyof E]: ErrorReason } {
  return Object.fromEntries(
    Object.entries(entries).map(([key, e]) => [key, Object.freeze({ reason: prefix + key, domain, ...e })]),
  ) as { [K in keyof E]: ErrorReason };
}

const C = ErrorCode;

/** Reasons any service or the gateway may give; the first of each code is that code's generic reason. */
export const CommonReason = reasons('common', '', {
  UNAUTHENTICATED: {
    code: C.UNAUTHENTICATED,
    zh: '需要有效的登录凭证，请重新登录。',
    en: 'A valid bearer token is required.',
  },
  NOT_ALLOWED: { code: C.FORBIDDEN, zh: '您无权执行此操作。', en: 'You are not allowed to do this.' },
  MISSING_ROLE: {
    code: C.FORBIDDEN,
    zh: '您的角色无权执行此操作。',
    en: 'This needs a role you do not have.',
  },
  INVALID_INPUT: {
    code: C.BAD_USER_INPUT,
    zh: '输入有误，请检查标出的字段。',
    en: 'The input is not valid: see the fields named.',
  },
  TEXT_CONTROL_CHARACTER: {
    code: C.BAD_USER_INPUT,
    zh: '文本中含有不允许的控制字符（U+0000），请删除后重试。',
    en: 'The text contains a character that is not allowed (U+0000). Remove it and try again.',
  },
  INVALID_MESSAGE: {
    code: C.BAD_USER_INPUT,
    zh: '请求格式无效。',
    en: 'The request is not a valid message.',
  },
  INVALID_PAGE_TOKEN: {
    code: C.BAD_USER_INPUT,
    zh: '分页标记无效，请从第一页重新查询。',
    en: 'The page token is not valid: start again from the first page.',
  },
  NOT_FOUND: {
    code: C.NOT_FOUND,
    zh: '所指的对象不存在或您无权查看。',
    en: 'What you named does not exist, or you may not see it.',
  },
  CONFLICT: {
    code: C.CONFLICT,
    zh: '此更改与当前状态冲突。',
    en: 'The change collides with the current state.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    code: C.CONFLICT,
    zh: '此幂等键已用于另一个请求，请使用新的键。',
    en: 'This idempotency key was already used for a different request. Use a new key.',
  },
  SERVICE_UNAVAILABLE: {
    code: C.SERVICE_UNAVAILABLE,
    zh: '服务暂时不可用，请稍后重试。',
    en: 'A service is not available. Try again later.',
  },
  TIMEOUT: {
    code: C.TIMEOUT,
    zh: '服务未能及时响应，请稍后重试。',
    en: 'A service did not answer in time. Try again later.',
  },
  DATA_INTEGRITY: {
    code: C.DATA_INTEGRITY,
    zh: '存储的内容校验失败，未予提供，请报告管理员。',
    en: 'Stored content failed its integrity check and is not served. Report this.',
  },
  RATE_LIMITED: {
    code: C.RATE_LIMITED,
    zh: '请求过于频繁，请稍后再试。',
    en: 'Too many requests. Try again later.',
  },
  INTERNAL: { code: C.INTERNAL, zh: '系统内部错误，请稍后重试。', en: 'Internal error.' },
});

/** The gateway's own refusals of a GraphQL document or an HTTP request, before any service is asked. */
export const GatewayReason = reasons('gateway', '', {
  QUERY_SYNTAX: {
    code: C.BAD_USER_INPUT,
    zh: '查询语句有语法错误。',
    en: 'The GraphQL document has a syntax error.',
  },
  QUERY_INVALID: {
    code: C.BAD_USER_INPUT,
    zh: '查询与接口定义不符（例如字段或参数不存在）。',
    en: 'The GraphQL document does not fit the schema (e.g. an unknown field or argument).',
  },
  QUERY_TOO_COMPLEX: {
    code: C.BAD_USER_INPUT,
    zh: '查询过于复杂，请拆分或减少字段。',
    en: 'The query is too complex.',
  },
  VARIABLE_INVALID: {
    code: C.BAD_USER_INPUT,
    zh: '变量的值与其类型不符。',
    en: 'A variable does not fit its type.',
  },
  FIELD_INVALID: {
    code: C.BAD_USER_INPUT,
    zh: '字段的值无效，请检查标出的字段。',
    en: 'A field is not valid: see the fields named.',
  },
  REQUEST_MALFORMED: { code: C.BAD_USER_INPUT, zh: '请求格式无效。', en: 'The request is malformed.' },
  SUBSCRIPTION_LIMIT: {
    code: C.BAD_USER_INPUT,
    zh: '此连接上的订阅数量已达上限。',
    en: 'This connection has as many subscriptions as it may.',
  },
  OPERATION_NOT_SUPPORTED: {
    code: C.BAD_USER_INPUT,
    zh: '此操作不能通过此通道发送。',
    en: 'This operation is not served over this channel.',
  },
});

export const DirectoryReason = reasons('directory', 'DIRECTORY_', {
  ORGANIZATION_NOT_FOUND: {
    code: C.NOT_FOUND,
    zh: '没有此代码的单位。',
    en: 'No organization with this code.',
  },
  ORGANIZATION_EXISTS: {
    code: C.CONFLICT,
    zh: '此代码的单位已存在。',
    en: 'An organization with this code already exists.',
  },
  NOT_A_PROCURATORATE: {
    code: C.BAD_USER_INPUT,
    zh: '此单位不是检察院。',
    en: 'This organization is not a procuratorate.',
  },
  NO_SUPERIOR: {
    code: C.NOT_FOUND,
    zh: '一体平台中没有其上级检察院。',
    en: 'It has no superior procuratorate in Yiti.',
  },
  NOTHING_TO_UPDATE: {
    code: C.BAD_USER_INPUT,
    zh: '请至少给出一个要修改的字段。',
    en: 'Give at least one field to change.',
  },
  DIVISION_NOT_FOUND: { code: C.NOT_FOUND, zh: '没有此代码的行政区划。', en: 'No division with this code.' },
  BASIN_NOT_FOUND: { code: C.NOT_FOUND, zh: '没有此代码的流域。', en: 'No river basin with this code.' },
  MEMBER_DIVISIONS_NOT_FOUND: {
    code: C.NOT_FOUND,
    zh: '流域成员中有不存在的行政区划。',
    en: 'Some member divisions do not exist.',
  },
  DIVISION_EXISTS: {
    code: C.CONFLICT,
    zh: '此代码的行政区划已存在。',
    en: 'A division with this code already exists.',
  },
  DIVISION_CODE_IS_LEGACY: {
    code: C.CONFLICT,
    zh: '此代码是现有行政区划的旧代码，不能用于新的行政区划。',
    en: 'This code is a legacy code of an existing division and cannot name a new one.',
  },
  BASIN_EXISTS: {
    code: C.CONFLICT,
    zh: '此代码的流域已存在。',
    en: 'A river basin with this code already exists.',
  },
});

export const AgreementReason = reasons('agreements', 'AGREEMENT_', {
  NOT_FOUND: { code: C.NOT_FOUND, zh: '没有您可查看的此协议。', en: 'No such agreement that you can see.' },
  VERSION_NOT_FOUND: { code: C.NOT_FOUND, zh: '协议没有此版本。', en: 'The agreement has no such version.' },
  EXISTS: { code: C.CONFLICT, zh: '此代码的协议已存在。', en: 'An agreement with this code already exists.' },
  NOT_A_PARTY: {
    code: C.FORBIDDEN,
    zh: '只有协议当事方才能执行此操作。',
    en: 'Only a party to the agreement can do this.',
  },
  DRAFTER_NOT_A_PARTY: {
    code: C.BAD_USER_INPUT,
    zh: '起草协议的单位必须是协议当事方。',
    en: 'Your organization must be a party to an agreement it drafts.',
  },
  UNKNOWN_PARTIES: {
    code: C.BAD_USER_INPUT,
    zh: '当事方中有目录中不存在的单位。',
    en: 'Some parties are not organizations in the directory.',
  },
  TOO_FEW_PARTIES: {
    code: C.BAD_USER_INPUT,
    zh: '协议至少需要两个不同的当事方。',
    en: 'An agreement needs at least two different parties.',
  },
  UNKNOWN_BASIN: { code: C.BAD_USER_INPUT, zh: '没有此流域。', en: 'Unknown river basin.' },
  WRONG_STATE: {
    code: C.CONFLICT,
    zh: '协议当前的状态不允许此操作。',
    en: 'The agreement is in a state that does not allow this.',
  },
  NOT_LATEST_VERSION: {
    code: C.CONFLICT,
    zh: '只能签署协议的最新版本。',
    en: 'Only the newest version can be signed.',
  },
  DIGEST_MISMATCH: {
    code: C.CONFLICT,
    zh: '您签署的文本与此版本不一致，请重新加载。',
    en: 'The text you are signing is not the text of this version. Reload it.',
  },
  ALREADY_SIGNED: {
    code: C.CONFLICT,
    zh: '您的单位已签署此版本。',
    en: 'Your organization has already signed this version.',
  },
  FULLY_SIGNED: {
    code: C.CONFLICT,
    zh: '各当事方均已签署此版本。',
    en: 'Every party has already signed this version.',
  },
  NOTHING_TO_RENEW: {
    code: C.CONFLICT,
    zh: '协议没有各方均已签署的版本，无从续签。',
    en: 'No version every party signed: there is nothing to renew.',
  },
});

export const TransferReason = reasons('transfers', 'TRANSFER_', {
  NOT_FOUND: { code: C.NOT_FOUND, zh: '没有您可查看的此移送。', en: 'No such transfer that you can see.' },
  WRONG_ORGANIZATION: {
    code: C.FORBIDDEN,
    zh: '您的单位不能对此移送执行此操作。',
    en: 'Your organization cannot do this to this transfer.',
  },
  WRONG_ROLE: {
    code: C.FORBIDDEN,
    zh: '您的角色不能对此移送执行此操作。',
    en: 'Your role cannot do this to a transfer.',
  },
  ILLEGAL_MOVE: {
    code: C.CONFLICT,
    zh: '移送当前的状态不允许此操作。',
    en: 'The transfer is in a state that does not allow this.',
  },
  UNKNOWN_ORGANIZATIONS: {
    code: C.BAD_USER_INPUT,
    zh: '目录中没有所填的单位。',
    en: 'Unknown organization.',
  },
  UNKNOWN_DIVISION: { code: C.BAD_USER_INPUT, zh: '没有此行政区划。', en: 'Unknown division.' },
  SAME_ORGANIZATION: {
    code: C.BAD_USER_INPUT,
    zh: '移送的接收单位不能是本单位。',
    en: 'A transfer goes to another organization.',
  },
  PACT_DOES_NOT_COVER: {
    code: C.BAD_USER_INPUT,
    zh: '所引用的协议未生效或不涵盖此移送。',
    en: 'The pact named is not in force or does not cover this transfer.',
  },
  CHANGED_WHILE_SENDING: {
    code: C.CONFLICT,
    zh: '草稿在发送过程中被修改，请核对后重新发送。',
    en: 'The draft changed while it was being sent. Review it and send again.',
  },
  NO_COMMON_SUPERIOR: {
    code: C.CONFLICT,
    zh: '没有可报请的共同上级检察院，请通过会商解决。',
    en: 'There is no common superior procuratorate: settle it by consultation.',
  },
  DESIGNATION_OUTSIDE_JURISDICTION: {
    code: C.BAD_USER_INPUT,
    zh: '指定的办理单位不在本院辖区内。',
    en: 'The designated organization is not under your procuratorate.',
  },
  ATTACHMENT_NOT_FOUND: {
    code: C.NOT_FOUND,
    zh: '没有您可查看的此附件。',
    en: 'No such attachment that you can see.',
  },
  ATTACHMENT_TOO_LARGE: { code: C.BAD_USER_INPUT, zh: '附件过大。', en: 'The attachment is too large.' },
  ATTACHMENT_TOO_MANY: {
    code: C.CONFLICT,
    zh: '此移送的附件数量已达上限。',
    en: 'The transfer has as many attachments as it may.',
  },
  ATTACHMENT_UPLOADS_IN_PROGRESS: {
    code: C.CONFLICT,
    zh: '此移送正在上传的附件过多，请先完成或稍后再试。',
    en: 'Too many uploads in progress for this transfer.',
  },
  ATTACHMENT_TRANSFER_CLOSED: {
    code: C.CONFLICT,
    zh: '移送已办结，不能再添加附件。',
    en: 'The transfer is closed: attachments can no longer be added.',
  },
  ATTACHMENT_NOT_UPLOADING: {
    code: C.CONFLICT,
    zh: '此附件不在上传中。',
    en: 'The attachment is not being uploaded.',
  },
  ATTACHMENT_BAD_CHUNK: {
    code: C.BAD_USER_INPUT,
    zh: '上传的分块无效。',
    en: 'The uploaded chunk is not valid.',
  },
  ATTACHMENT_INCOMPLETE: { code: C.BAD_USER_INPUT, zh: '附件上传不完整。', en: 'The upload is incomplete.' },
  ATTACHMENT_CORRUPTED: {
    code: C.BAD_USER_INPUT,
    zh: '上传内容与声明的 SHA-256 不符，请重新上传。',
    en: 'The content does not match its declared SHA-256. Upload it again.',
  },
  ATTACHMENT_CORRUPTED_AT_REST: {
    code: C.DATA_INTEGRITY,
    zh: '附件与上传时记录的 SHA-256 不符，未予提供，请报告管理员。',
    en: 'The attachment no longer matches its recorded SHA-256 and is not served.',
  },
});

export const MeetingReason = reasons('meetings', 'MEETING_', {
  NOT_FOUND: { code: C.NOT_FOUND, zh: '没有您可查看的此会议。', en: 'No such meeting that you can see.' },
  WRONG_SIDE: {
    code: C.FORBIDDEN,
    zh: '您不能对此会议执行此操作。',
    en: 'You cannot do this to this meeting.',
  },
  WRONG_ROLE: {
    code: C.FORBIDDEN,
    zh: '您的角色不能对会议执行此操作。',
    en: 'Your role cannot do this to a meeting.',
  },
  ILLEGAL_MOVE: {
    code: C.CONFLICT,
    zh: '会议当前的状态不允许此操作。',
    en: 'The meeting is in a state that does not allow this.',
  },
  STALE_VERSION: {
    code: C.CONFLICT,
    zh: '会议在您加载后已被修改，请重新加载后再修改。',
    en: 'The meeting changed since you loaded it. Reload it and apply your change again.',
  },
  UNKNOWN_ORGANIZATIONS: {
    code: C.BAD_USER_INPUT,
    zh: '目录中没有所填的单位。',
    en: 'Unknown organization.',
  },
  QUORUM_MISSING: {
    code: C.CONFLICT,
    zh: '会议未达到法定人数，不能结束。',
    en: 'The meeting has no quorum, so it cannot be concluded.',
  },
  OUTCOMES_MISSING: {
    code: C.BAD_USER_INPUT,
    zh: '三长会商须对议程中每一件有争议的移送作出决定。',
    en: "A heads' consultation decides every disputed transfer on its agenda.",
  },
  TRANSFER_LINK_REMOVED: {
    code: C.BAD_USER_INPUT,
    zh: '此议题所涉的争议移送须保持关联。',
    en: 'The disputed transfer this consultation was made for stays linked.',
  },
  NO_MINUTES: {
    code: C.CONFLICT,
    zh: '会议尚无可签署的纪要。',
    en: 'The meeting has no minutes to sign yet.',
  },
  DIGEST_MISMATCH: {
    code: C.CONFLICT,
    zh: '您签署的纪要与当前纪要不一致，请重新加载。',
    en: 'The minutes you are signing are not the minutes as they are now. Reload them.',
  },
  ALREADY_SIGNED: { code: C.CONFLICT, zh: '您已签署此纪要。', en: 'You have already signed these minutes.' },
  NO_TIME_YET: {
    code: C.CONFLICT,
    zh: '会议草稿尚未确定时间，暂无日历条目。',
    en: 'The meeting has no time yet: no calendar entry.',
  },
  ACTION_NOT_FOUND: {
    code: C.NOT_FOUND,
    zh: '本单位没有此督办事项。',
    en: 'No such action item of your organization.',
  },
  ACTION_NOT_DUE: {
    code: C.CONFLICT,
    zh: '会议尚未结束，此事项还不是任务。',
    en: 'The meeting has not concluded: the action item is not a task yet.',
  },
});

export const ConsultationReason = reasons('consultations', 'CONSULTATION_', {
  NOT_FOUND: {
    code: C.NOT_FOUND,
    zh: '没有您可查看的此会商。',
    en: 'No such consultation that you can see.',
  },
  WRONG_ORGANIZATION: {
    code: C.FORBIDDEN,
    zh: '您的单位不能对此会商执行此操作。',
    en: 'Your organization cannot do this to this consultation.',
  },
  WRONG_ROLE: {
    code: C.FORBIDDEN,
    zh: '您的角色不能对会商执行此操作。',
    en: 'Your role cannot do this to a consultation.',
  },
  ILLEGAL_MOVE: {
    code: C.CONFLICT,
    zh: '会商当前的状态不允许此操作。',
    en: 'The consultation is in a state that does not allow this.',
  },
  NOT_A_POLICE_BUREAU: {
    code: C.FORBIDDEN,
    zh: '会商由公安机关的联络员登记，您的单位不是公安机关。',
    en: 'Consultations are logged by police bureaus; yours is not one.',
  },
  ANOTHER_COUNTYS_ISCO: {
    code: C.FORBIDDEN,
    zh: '您的公安机关应在本县的侦查监督与协作配合办公室登记会商。',
    en: 'Your police bureau logs consultations at its own ISCO.',
  },
  UNKNOWN_ISCO: {
    code: C.BAD_USER_INPUT,
    zh: '目录中没有此侦查监督与协作配合办公室。',
    en: 'The directory knows no such active ISCO.',
  },
  NO_PROCURATORATE: {
    code: C.BAD_USER_INPUT,
    zh: '此办公室在目录中没有对应的检察院。',
    en: 'The ISCO has no procuratorate in the directory.',
  },
  UNKNOWN_POLICE_BUREAU: {
    code: C.FORBIDDEN,
    zh: '您的单位不是目录中有效的公安机关。',
    en: 'Your organization is not an active police bureau in the directory.',
  },
  FOLLOW_UP_NEEDS_FILING_SUPERVISION: {
    code: C.BAD_USER_INPUT,
    zh: '说明不立案理由和通知立案的时限仅适用于立案监督。',
    en: 'The explain-non-filing and file-after-notice clocks apply only to filing supervision.',
  },
  FOLLOW_UP_NEEDS_MEASURE_REVIEW: {
    code: C.BAD_USER_INPUT,
    zh: '反馈强制措施处理情况的时限仅适用于强制措施审查。',
    en: 'The measure-handling clock applies only to compulsory-measure review.',
  },
  NOT_A_PROCURATORATE: {
    code: C.FORBIDDEN,
    zh: '监督事项由检察院的检察官发起，您的单位不是检察院。',
    en: 'Supervision matters are opened by prosecutors of a procuratorate; yours is not one.',
  },
  SUPERVISION_AT_ANOTHER_COUNTY: {
    code: C.FORBIDDEN,
    zh: '您的检察院只能在本县的侦查监督与协作配合办公室发起监督事项。',
    en: 'Your procuratorate opens supervision matters at its own county’s ISCO.',
  },
  NO_POLICE_BUREAU: {
    code: C.BAD_USER_INPUT,
    zh: '此办公室在目录中没有对应的公安机关。',
    en: 'The ISCO has no police bureau in the directory.',
  },
  NOT_A_SUPERVISION_TYPE: {
    code: C.BAD_USER_INPUT,
    zh: '监督事项只能是立案监督或强制措施审查。',
    en: 'A supervision matter is filing supervision or compulsory-measure review.',
  },
  ATTACHMENT_TOO_LARGE: {
    code: C.BAD_USER_INPUT,
    zh: '会商附件过大。',
    en: 'The consultation attachment is too large.',
  },
  ATTACHMENT_BAD_TYPE: {
    code: C.BAD_USER_INPUT,
    zh: '会商附件只能是 PDF、图片、音视频、文本或 Office 文档。',
    en: 'A consultation attachment is a PDF, an image, audio or video, text or an office document.',
  },
  ATTACHMENT_CHECKSUM_MISMATCH: {
    code: C.BAD_USER_INPUT,
    zh: '上传内容与声明的 SHA-256 不符，未予保存，请重新上传。',
    en: 'The content does not match its declared SHA-256; nothing was kept. Upload it again.',
  },
  ATTACHMENT_UNKNOWN_UPLOAD: {
    code: C.NOT_FOUND,
    zh: '没有您正在进行的此附件上传。',
    en: 'No such upload of yours in progress.',
  },
  ATTACHMENT_NOT_ALLOWED: {
    code: C.FORBIDDEN,
    zh: '只有登记会商的公安机关可在检察官答复前添加附件。',
    en: 'Only the police bureau that logged it may attach files, before the prosecutor’s opinion.',
  },
  ATTACHMENT_NOT_FOUND: {
    code: C.NOT_FOUND,
    zh: '没有您可查看的此会商附件。',
    en: 'No such consultation attachment that you can see.',
  },
  ATTACHMENT_TOO_MANY: {
    code: C.CONFLICT,
    zh: '此会商的附件或正在上传的附件数量已达上限。',
    en: 'The consultation has as many attachments or uploads in progress as it may.',
  },
  ATTACHMENT_BAD_CHUNK: {
    code: C.BAD_USER_INPUT,
    zh: '上传的分块无效。',
    en: 'The uploaded chunk is not valid.',
  },
  ATTACHMENT_INCOMPLETE: {
    code: C.BAD_USER_INPUT,
    zh: '附件上传不完整。',
    en: 'The upload is incomplete.',
  },
  ATTACHMENT_CORRUPTED_AT_REST: {
    code: C.DATA_INTEGRITY,
    zh: '附件与上传时记录的 SHA-256 不符，未予提供，请报告管理员。',
    en: 'The attachment no longer matches its recorded SHA-256 and is not served.',
  },
});

export const RecordReason = reasons('records', 'RECORDS_', {
  PURPOSE_MISSING: {
    code: C.BAD_USER_INPUT,
    zh: '查询须说明用途：用途代码、案号和理由。此次拒绝已记入审计日志。',
    en: 'A lookup needs a purpose code, the case number and a justification. The refusal is audited.',
  },
  INVALID_SEARCH: {
    code: C.BAD_USER_INPUT,
    zh: '姓名查询条件无效，请检查标出的字段。',
    en: 'The name search is not valid: see the fields named.',
  },
  INVALID_PERSON_ID: { code: C.BAD_USER_INPUT, zh: '人员标识无效。', en: 'The person id is not valid.' },
  INVALID_CITIZEN_ID: {
    code: C.BAD_USER_INPUT,
    zh: '公民身份号码无效。',
    en: 'The citizen ID is not valid.',
  },
  NO_SUCH_PERSON: {
    code: C.NOT_FOUND,
    zh: '没有您可查看其记录的此人员。',
    en: 'No such person whose records you may see.',
  },
  ACCESS_DENIED: {
    code: C.FORBIDDEN,
    zh: '您无权查询犯罪记录。此次拒绝已记入审计日志。',
    en: 'You may not look up offender records. The refusal is audited.',
  },
  RATE_LIMITED: {
    code: C.RATE_LIMITED,
    zh: '您在一分钟内的查询次数过多，请一分钟后再试。',
    en: 'Too many record lookups in the last minute. Try again in a minute.',
  },
  AUDIT_UNAVAILABLE: {
    code: C.SERVICE_UNAVAILABLE,
    zh: '查询无法写入审计日志，因此未执行，请稍后重试。',
    en: 'The lookup could not be audited, so it was not performed. Try again later.',
  },
  INVALID_AUDIT_FILTER: {
    code: C.BAD_USER_INPUT,
    zh: '审计记录的筛选条件无效，请检查标出的字段。',
    en: 'The audit trail filter is not valid: see the fields named.',
  },
});

/** Every reason of every domain. */
export const ERROR_REASONS: readonly ErrorReason[] = [
  CommonReason,
  GatewayReason,
  DirectoryReason,
  AgreementReason,
  TransferReason,
  MeetingReason,
  ConsultationReason,
  RecordReason,
].flatMap((domain) => Object.values(domain));

const BY_NAME = new Map(ERROR_REASONS.map((r) => [r.reason, r]));

/** The reason of this name, if the catalogue has it. */
export function errorReasonNamed(name: string): ErrorReason | undefined {
  return BY_NAME.get(name);
}

const GENERIC: Record<ErrorCode, ErrorReason> = {
  [C.UNSPECIFIED]: CommonReason.INTERNAL,
  [C.UNAUTHENTICATED]: CommonReason.UNAUTHENTICATED,
  [C.FORBIDDEN]: CommonReason.NOT_ALLOWED,
  [C.BAD_USER_INPUT]: CommonReason.INVALID_INPUT,
  [C.NOT_FOUND]: CommonReason.NOT_FOUND,
  [C.CONFLICT]: CommonReason.CONFLICT,
  [C.SERVICE_UNAVAILABLE]: CommonReason.SERVICE_UNAVAILABLE,
  [C.TIMEOUT]: CommonReason.TIMEOUT,
  [C.INTERNAL]: CommonReason.INTERNAL,
  [C.DATA_INTEGRITY]: CommonReason.DATA_INTEGRITY,
  [C.RATE_LIMITED]: CommonReason.RATE_LIMITED,
};

/** The generic reason of a code: what an error gets when nothing more specific was given. */
export function genericReasonOf(code: ErrorCode): ErrorReason {
  return GENERIC[code] ?? CommonReason.INTERNAL;
}
