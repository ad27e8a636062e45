import { authSettingsSchema, DEFAULT_SETTINGS, lintSettings, type AuthSettings } from '../../shared/settings';
import type { Store } from '../store/store';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { ClusterMessage } from './cluster-feed';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';

export interface SettingsServiceDeps {
  store: Store;
  clock: Clock;
  audit: AuditLog;
  bus: EventBus;
  /** The issuer until the composition root decides it (`setIssuer`). */
  issuer: string;
  /** Tells the other instances (no-op on a single instance); never throws. */
  publish?: (message: ClusterMessage) => Promise<void>;
}

/** The live settings: defaults, overlaid by what an admin saved, validated and linted on every change. */
export class SettingsService {
  private current: AuthSettings;
  private readonly listeners = new Set<(s: AuthSettings) => void>();
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly bus: EventBus;
  private readonly publish: (message: ClusterMessage) => Promise<void>;

  constructor(deps: SettingsServiceDeps) {
    ({ store: this.store, clock: this.clock, audit: this.audit, bus: this.bus } = deps);
    this.publish = deps.publish ?? (async () => {});
    this.current = { ...DEFAULT_SETTINGS, issuer: deps.issuer };
  }

  /** Overlays saved settings; a saved value that no longer validates is ignored, not fatal. */
  async load(): Promise<void> {
    const saved = await this.store.getSettings();
    const { issuer } = this.current;
    // from the defaults, so a reload is what the store says (a test harness's reset empties it)
    const merged = authSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...saved, issuer });
    if (merged.success) this.current = merged.data;
    for (const listener of this.listeners) listener(this.current);
  }

  get(): AuthSettings {
    return this.current;
  }

  /** The issuer follows the address the server actually listens on (port 0 picks one at start). */
  setIssuer(issuer: string): void {
    this.current = { ...this.current, issuer };
    for (const listener of this.listeners) listener(this.current);
  }

  onChange(listener: (s: AuthSettings) => void): void {
    this.listeners.add(listener);
  }

  /** The issuer is fixed by how the server was started, so it cannot be changed here. */
  async update(patch: Partial<Omit<AuthSettings, 'issuer'>>, actor: string): Promise<AuthSettings> {
    const parsed = authSettingsSchema.safeParse({ ...this.current, ...patch, issuer: this.current.issuer });
    if (!parsed.success)
      throw new AuthError(
        'settings_invalid',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const errors = lintSettings(parsed.data).filter((w) => w.level === 'error');
    if (errors.length) throw new AuthError('settings_invalid', errors.map((e) => e.message).join(' '));
    const changed = (Object.keys(patch) as (keyof AuthSettings)[]).filter(
      (k) => k !== 'issuer' && parsed.data[k] !== this.current[k],
    );
    for (const key of changed) await this.store.putSetting(key, parsed.data[key]);
    this.current = parsed.data;
    if (changed.length) {
      for (const listener of this.listeners) listener(this.current);
      await this.publish({ type: 'settings.changed' });
      this.bus.emit({ type: 'settings.changed', at: this.clock.now() });
      await this.audit.record(
        'settings.updated',
        actor,
        'settings',
        Object.fromEntries(changed.map((k) => [k, parsed.data[k]])),
      );
    }
    return this.current;
  }
}
