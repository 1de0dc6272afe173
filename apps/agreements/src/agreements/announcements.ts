import type { EntityManager } from 'typeorm';
import { AgreementVersion } from './agreement-version.entity.js';
import type { AgreementEventsOutbox } from './agreement-events.js';
import { versionDates, type LoadedAgreement } from './agreements.mapper.js';
import { versionInForce } from './lifecycle.js';

/**
 * Announces, once, what the calendar has made true for one (locked) agreement: its version entering into
 * force, or the agreement expiring. The `*_announced_at` marks make a second call — another instance, a
 * retry — a no-op. Used right after a signature and by the scheduler.
 */
export async function announceDue(
  manager: EntityManager,
  loaded: LoadedAgreement,
  events: AgreementEventsOutbox,
  today: string,
): Promise<void> {
  if (loaded.agreement.state !== 'active') return;
  const versions = manager.getRepository(AgreementVersion);
  const dates = versionDates(loaded);
  const current = versionInForce(dates, today);
  const row = (n: number) => loaded.versions.find((v) => v.number === n)!;
  if (current) {
    const version = row(current.number);
    if (!version.inForceAnnouncedAt) {
      version.inForceAnnouncedAt = new Date();
      await versions.update(
        { agreementCode: version.agreementCode, number: version.number },
        { inForceAnnouncedAt: version.inForceAnnouncedAt },
      );
      await events.append(manager, 'inForce', loaded, version.number);
    }
    return;
  }
  const last = dates
    .filter((v) => v.fullySigned && v.effectiveFrom <= today)
    .sort((a, b) => b.number - a.number)[0];
  if (!last) return;
  const version = row(last.number);
  if (!version.expiredAnnouncedAt) {
    version.expiredAnnouncedAt = new Date();
    await versions.update(
      { agreementCode: version.agreementCode, number: version.number },
      { expiredAnnouncedAt: version.expiredAnnouncedAt },
    );
    await events.append(manager, 'expired', loaded, version.number);
  }
}
