/** What the deployment as a whole holds: its settings, and whether its demo data was created. */
export interface SettingsStore {
  getSettings(): Promise<Record<string, unknown>>;
  putSetting(key: string, value: unknown): Promise<void>;
  /**
   * Records, once per deployment, that its demo data is being created (set-if-absent): true for
   * the one call that recorded it, false for every later one, from any instance or after a
   * restart. So only the first instance seeds the demo users and client with its secrets.
   */
  claimSeeding(at: number): Promise<boolean>;
}
