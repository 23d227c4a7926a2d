/** Her declaration reminder's own instant within the spread window (domain/reminder-spread.ts). */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE_POLICY } from '../../domain/policy.ts';
import { reminderInstant, reminderOffsetMs, reminderSpreadOffsetMs } from '../../domain/reminder-spread.ts';

const DAY = 86_400_000;
const policy = { declarationReminderBeforeMs: 14 * DAY, declarationReminderSpreadMs: 3 * DAY };

describe('the spread of declaration reminders', () => {
  it('gives each childminder the same instant every time, inside the window', () => {
    const id = randomUUID();
    expect(reminderOffsetMs(id, 3 * DAY)).toBe(reminderOffsetMs(id, 3 * DAY));
    const at = reminderInstant('2027-06-01T00:00:00+02:00', policy, id);
    expect(at).toBeGreaterThanOrEqual(Date.parse('2027-05-18T00:00:00+02:00'));
    expect(at).toBeLessThan(Date.parse('2027-05-21T00:00:00+02:00'));
  });

  it('spreads 20,000 childminders evenly over the window', () => {
    const hours = new Array<number>(72).fill(0);
    for (let i = 0; i < 20_000; i++)
      hours[Math.floor(reminderOffsetMs(randomUUID(), 3 * DAY) / 3_600_000)]! += 1;
    // 278 an hour on average; a uniform draw stays well within ±30 %.
    expect(Math.min(...hours)).toBeGreaterThan(195);
    expect(Math.max(...hours)).toBeLessThan(361);
  });

  it('draws no instant in the end of the window kept for the stream to drain', () => {
    const drained = { ...policy, declarationReminderDrainMs: DAY };
    const deadline = '2027-06-01T00:00:00Z';
    const windowStart = Date.parse(deadline) - 14 * DAY;
    let latest = 0;
    for (let i = 0; i < 5_000; i++) {
      const id = randomUUID();
      const offset = reminderSpreadOffsetMs(drained, id);
      expect(reminderInstant(deadline, drained, id)).toBe(windowStart + offset);
      latest = Math.max(latest, offset);
    }
    expect(latest).toBeLessThan(2 * DAY); // never in the last day of the three
    expect(latest).toBeGreaterThan(2 * DAY - 3_600_000); // yet up to its start: the whole rest used
    // The product's own policy keeps a tenth of its window.
    expect(DEFAULT_LIFECYCLE_POLICY.declarationReminderDrainMs).toBe(
      DEFAULT_LIFECYCLE_POLICY.declarationReminderSpreadMs! / 10,
    );
  });

  it('keeps at least half the notice, and no spread when the policy has none', () => {
    const id = randomUUID();
    const short = { declarationReminderBeforeMs: 4000, declarationReminderSpreadMs: 60_000 };
    const deadline = '2027-06-01T00:00:00Z';
    const at = reminderInstant(deadline, short, id);
    expect(Date.parse(deadline) - at).toBeGreaterThan(2000);
    expect(reminderInstant(deadline, { declarationReminderBeforeMs: 4000 }, id)).toBe(
      Date.parse(deadline) - 4000,
    );
    expect(reminderOffsetMs(id, 0)).toBe(0);
  });
});
