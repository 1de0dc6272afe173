/** A transfer deadline as the GraphQL schema gives it (the fields the portal judges it by). */
export interface DeadlineLike {
  readonly deadline: 'ACKNOWLEDGE' | 'DECIDE' | 'CONSULTATION';
  readonly dueAt: string;
  readonly localDate: string;
  readonly metAt?: string | null;
  readonly overdueSince?: string | null;
  readonly provisional: boolean;
}

/** The deadline that is running now: the open one that ends first; none when every one is met. */
export function runningDeadline<D extends DeadlineLike>(deadlines: readonly D[]): D | undefined {
  return deadlines.filter((d) => !d.metAt).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
}

export type Urgency = 'overdue' | 'today' | 'soon' | 'later';

export interface Countdown {
  readonly urgency: Urgency;
  /** Whole days, hours and minutes left (or, when overdue, past). */
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Time left until `dueAt` (24:00 Asia/Shanghai of the last working day) at `now`: overdue once passed or once
 * the service marked it (`overdueSince`), "today" under 24 hours, "soon" under 3 days.
 */
export function countdown(deadline: Pick<DeadlineLike, 'dueAt' | 'overdueSince'>, now: number): Countdown {
  const left = Date.parse(deadline.dueAt) - now;
  const overdue = left <= 0 || Boolean(deadline.overdueSince);
  const span = Math.abs(left);
  const days = Math.floor(span / DAY);
  const hours = Math.floor((span % DAY) / HOUR);
  const minutes = Math.floor((span % HOUR) / MINUTE);
  const urgency: Urgency = overdue ? 'overdue' : left < DAY ? 'today' : left < 3 * DAY ? 'soon' : 'later';
  return { urgency, days, hours, minutes };
}

/** Items sorted as a person should take them: overdue first, then by the deadline running out first. */
export function byUrgency<T>(items: readonly T[], dueOf: (item: T) => string | undefined): T[] {
  return [...items].sort((a, b) => {
    const da = dueOf(a);
    const db = dueOf(b);
    if (da === undefined) return db === undefined ? 0 : 1;
    if (db === undefined) return -1;
    return Date.parse(da) - Date.parse(db);
  });
}
