import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
beforeEach(async () => {
  fx = await openTestGatehouse();
});
afterEach(() => fx.close());

const DAY = 86_400;

describe('audit retention (maintenance tick)', () => {
  it('deletes entries older than auditRetentionDays and keeps the newer ones', async () => {
    const g = fx.gatehouse;
    await g.settings.update({ auditRetentionDays: 7 }, 'test');
    const old = (await g.audit.record('clock.set', 'admin', 'x'))!;
    fx.clock.advance(5 * DAY);
    const recent = (await g.audit.record('clock.advanced', 'admin', 'x'))!;
    fx.clock.advance(3 * DAY); // old is 8 days old, recent 3
    await g.tick();
    const ids = (await g.store.listAudit({ limit: 1000 })).map((e) => e.id);
    expect(ids).not.toContain(old.id);
    expect(ids).toContain(recent.id);
  });

  it('keeps everything when the retention is 0', async () => {
    const g = fx.gatehouse;
    await g.settings.update({ auditRetentionDays: 0 }, 'test');
    const old = (await g.audit.record('clock.set', 'admin', 'x'))!;
    fx.clock.advance(4000 * DAY);
    await g.tick();
    expect((await g.store.listAudit({ limit: 1000 })).map((e) => e.id)).toContain(old.id);
  });
});
