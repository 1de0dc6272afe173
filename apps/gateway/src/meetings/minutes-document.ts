import { parseMinutes, type MinutesList, type Span } from '@yiti/minutes-format';
import type { AttendeeRole, MeetingKind, MeetingModel, MeetingState } from './meetings.models.js';

/**
 * The minutes of a meeting as an official document, once, for every file format (minutes-pdf.ts,
 * minutes-docx.ts): a list of blocks in the order they print. Labels are Chinese — the language of the record —
 * and data (names, titles, decisions, the minutes) is printed as it was entered, in whatever script.
 */
export type MinutesBlock =
  | { readonly type: 'title'; readonly text: string }
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'field'; readonly label: string; readonly value: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'note'; readonly text: string }
  // The minutes themselves, as the secretary formatted them (libs/minutes-format).
  | { readonly type: 'minutesHeading'; readonly level: 1 | 2 | 3; readonly spans: readonly Span[] }
  | { readonly type: 'minutesParagraph'; readonly spans: readonly Span[] }
  | {
      readonly type: 'minutesItem';
      readonly depth: 0 | 1;
      /** `•`, or the number as typed (`3.`). */
      readonly marker: string;
      readonly spans: readonly Span[];
    };

export interface MinutesDocument {
  /** The file name without its extension. */
  readonly name: string;
  readonly blocks: readonly MinutesBlock[];
}

const KIND: Record<MeetingKind, string> = {
  HEADS_CONSULTATION: '三长会商',
  PROSECUTORS_JOINT: '检察官联席会议',
  ISCO_CONSULTATION: '侦查监督与协作配合办公室会商',
  PACT_LIAISON: '协作协议联络会议',
};
const STATE: Record<MeetingState, string> = {
  DRAFT: '待安排',
  SCHEDULED: '已安排',
  IN_SESSION: '进行中',
  CONCLUDED: '已结束',
  MINUTES_APPROVED: '纪要已签',
  CANCELLED: '已取消',
};
const ROLE: Record<AttendeeRole, string> = {
  CHIEF_PROSECUTOR: '检察长',
  PROSECUTOR: '检察官',
  POLICE: '公安民警',
  SECRETARY: '会议秘书',
  OTHER: '其他',
};
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const numeral = (n: number) => NUMERALS[n - 1] ?? String(n);

/** An instant as `YYYY-MM-DD HH:mm` in Asia/Shanghai (the time the offices keep). */
export function shanghaiTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return '—';
  const at = new Date(rfc3339);
  if (Number.isNaN(at.getTime())) return rfc3339;
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export interface MinutesNames {
  /** An organization's Chinese name (the code when the directory does not know it). */
  org(code: string): string;
  /** A person as entered in the directory (the username when unknown). */
  person(username: string): string;
}

export function minutesDocument(m: MeetingModel, names: MinutesNames, exportedAt: Date): MinutesDocument {
  const blocks: MinutesBlock[] = [];
  const add = (b: MinutesBlock) => blocks.push(b);
  const people = (usernames: readonly string[]) => usernames.map(names.person).join('、');

  add({ type: 'title', text: `${KIND[m.kind]}纪要` });
  add({ type: 'heading', text: m.title });
  add({ type: 'field', label: '会议类型', value: KIND[m.kind] });
  add({ type: 'field', label: '主办单位', value: names.org(m.hostOrg) });
  add({ type: 'field', label: '时间', value: `${shanghaiTime(m.startsAt)} 至 ${shanghaiTime(m.endsAt)}` });
  add({ type: 'field', label: '地点', value: m.location ?? '—' });
  add({ type: 'field', label: '状态', value: STATE[m.state] });

  add({ type: 'heading', text: '出席人员' });
  if (m.attendees.length === 0) add({ type: 'paragraph', text: '未记录出席情况。' });
  for (const a of m.attendees)
    add({
      type: 'paragraph',
      text: `${names.person(a.username)}（${names.org(a.org)}，${ROLE[a.role]}）${a.present ? '出席' : '缺席'}`,
    });

  add({ type: 'heading', text: '议题及决定' });
  if (m.agenda.length === 0) add({ type: 'paragraph', text: '无议题。' });
  for (const item of m.agenda) {
    add({ type: 'heading', text: `${numeral(item.number)}、${item.title}` });
    const subject = item.transferId
      ? `移送 ${item.transferId}`
      : item.caseNumber
        ? `案件 ${item.caseNumber}`
        : item.consultationId
          ? `会商 ${item.consultationId}`
          : null;
    if (subject) add({ type: 'field', label: '事项', value: subject });
    add({ type: 'field', label: '决定', value: item.decision ?? '未作决定' });
    if (item.majority)
      add({
        type: 'field',
        label: '多数意见',
        value: `${item.majority.text}（持此意见：${people(item.majority.holders)}）`,
      });
    for (const minority of item.minorities)
      add({
        type: 'field',
        label: '少数意见',
        value: `${minority.text}（持此意见：${people(minority.holders)}）`,
      });
    if (item.referToCommittee) add({ type: 'field', label: '提交检察委员会', value: '是' });
    for (const action of item.actions)
      add({
        type: 'field',
        label: '落实事项',
        value: `${names.org(action.ownerOrg)}：${action.description}（${
          action.dueDate ? `${action.dueDate}前，` : ''
        }${action.dueWithinDays}个工作日内）`,
      });
  }

  add({ type: 'heading', text: '纪要' });
  const text = m.minutes?.trim();
  if (!text) add({ type: 'paragraph', text: '纪要尚未撰写。' });
  else
    for (const node of parseMinutes(text)) {
      if (node.type === 'heading') add({ type: 'minutesHeading', level: node.level, spans: node.spans });
      else if (node.type === 'paragraph') add({ type: 'minutesParagraph', spans: node.spans });
      else addList(node, 0, add);
    }

  add({ type: 'heading', text: '签名' });
  if (m.minutesDigest) add({ type: 'field', label: '纪要摘要（SHA-256）', value: m.minutesDigest });
  if (m.signatures.length === 0) add({ type: 'paragraph', text: '尚无签名。' });
  for (const s of m.signatures)
    add({
      type: 'paragraph',
      text: `${names.person(s.username)}（${names.org(s.org)}）于 ${shanghaiTime(s.signedAt)} 签名，摘要 ${s.digest}：${
        s.valid ? '有效' : '已失效（签名后纪要有改动）'
      }`,
    });
  if (m.awaitingSignatures.length > 0)
    add({ type: 'paragraph', text: `尚待签名：${people(m.awaitingSignatures)}` });

  add({
    type: 'note',
    text: `会议编号 ${m.id}，导出于 ${shanghaiTime(exportedAt.toISOString())}（北京时间）。`,
  });
  const day = (m.startsAt ?? m.createdAt).slice(0, 10);
  return { name: `${m.title}（${day}）纪要`, blocks };
}

function addList(list: MinutesList, depth: 0 | 1, add: (b: MinutesBlock) => void): void {
  for (const item of list.items) {
    add({ type: 'minutesItem', depth, marker: item.marker, spans: item.spans });
    for (const child of item.children) addList(child, 1, add);
  }
}

/** Runs of one script: Tibetan (U+0F00–U+0FFF) or anything else, in order, covering the whole text. */
export function scriptRuns(text: string): { tibetan: boolean; text: string }[] {
  const runs: { tibetan: boolean; text: string }[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    // Spaces and punctuation shared by both scripts stay with the run they are in.
    const shared = ch === ' ' || ch === '\u00a0';
    const tibetan =
      shared && runs.length > 0 ? runs[runs.length - 1]!.tibetan : code >= 0x0f00 && code <= 0x0fff;
    const last = runs[runs.length - 1];
    if (last && last.tibetan === tibetan) last.text += ch;
    else runs.push({ tibetan, text: ch });
  }
  return runs;
}
