/**
 * The demo lab's shared vocabulary: scenarios, the steps a run records and the saved-run file.
 * A run is plain data, so the console can replay a saved one without asking the server anything.
 * Times are virtual unix seconds (the virtual clock's `now`).
 */
import { z } from 'zod';

export const DEMO_SCENARIO_IDS = [
  'happy-path',
  'stolen-access',
  'stolen-refresh',
  'key-compromise',
  'role-change',
  'strategies',
  'app-checks',
] as const;
export type DemoScenarioId = (typeof DEMO_SCENARIO_IDS)[number];

/** `watch`: short real pauses between steps so people can follow; `instant`: none (tests). */
export const DEMO_PACES = ['watch', 'instant'] as const;
export type DemoPace = (typeof DEMO_PACES)[number];

export const DEMO_STRATEGIES = ['server-session', 'stateless-jwt', 'jwt-denylist', 'access-refresh', 'hybrid'] as const;
export type DemoStrategy = (typeof DEMO_STRATEGIES)[number];

export interface DemoScenarioView {
  id: DemoScenarioId;
  title: string;
  /** Two sentences: what happens, and what it shows. */
  explanation: string;
  actors: string[];
}

const at = z.number().int();
const label = z.string().max(200);

/** One step of a run; `kind` tells how the log, the sequence diagram and the lifetime chart draw it. */
export const demoStepBodySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('request'),
    actor: label,
    method: z.string().max(10),
    path: label,
    status: z.number().int(),
    /** Which credential was presented ("access #2", "refresh #1", "session id"), or null. */
    tokenLabel: label.nullable(),
    /** The body's `reason` or `error` on a rejection. */
    reason: label.nullable(),
    /** Store calls the server made for this request, counted live on the server (demo header). */
    storeReads: z.number().int().nullable(),
    storeWrites: z.number().int().nullable(),
    detail: label.optional(),
    /** The `ver` a 200 answer's body carried (what /api/me saw of the token). */
    bodyVer: z.number().int().optional(),
  }),
  z.object({ kind: z.literal('admin'), action: label, target: label }),
  z.object({ kind: z.literal('clock'), advanced: z.number().int(), now: at }),
  z.object({
    kind: z.literal('lifetime'),
    of: z.enum(['session', 'refresh', 'access', 'key']),
    label,
    from: at,
    to: at,
    /** How it ended early, when it did (a later step with the same label replaces an earlier one). */
    ended: z.enum(['revoked', 'rotated', 'reused', 'expired']).nullable(),
    /** Access tokens: the `kid` of the header and the `ver` claim, as the client read them. */
    kid: label.optional(),
    ver: z.number().int().nullable().optional(),
  }),
  z.object({ kind: z.literal('note'), text: z.string().max(1000) }),
  /**
   * What the server's store or key ring said at that moment (a session's status, the active kid,
   * a user's token version), read by the scenario so that the verdict is computed from the steps
   * alone, and a saved run's verdict can be recomputed from its file.
   */
  z.object({
    kind: z.literal('state'),
    subject: label,
    property: label,
    value: z.union([label, z.number(), z.boolean(), z.null()]),
  }),
  z.object({
    kind: z.literal('strategy'),
    strategy: z.enum(DEMO_STRATEGIES),
    label,
    /** API calls (its /me route) the client made. */
    requests: z.number().int(),
    /** Refreshes the client made (the access + refresh and hybrid clients renew their token). */
    refreshes: z.number().int().optional(),
    /** Store reads and writes per API call: its own plus its share of the refreshes (login not counted). */
    readsPerRequest: z.number(),
    writesPerRequest: z.number(),
    /** The same of the API calls alone: what verifying a request costs. */
    callReadsPerRequest: z.number().optional(),
    callWritesPerRequest: z.number().optional(),
    /** Virtual seconds from the revoke to the first rejection; null when never rejected within the bound. */
    windowSeconds: z.number().int().nullable(),
    boundSeconds: z.number().int(),
  }),
]);
export type DemoStepBody = z.infer<typeof demoStepBodySchema>;

export const demoStepSchema = z.intersection(demoStepBodySchema, z.object({ seq: z.number().int().min(0), at }));
export type DemoStep = z.infer<typeof demoStepSchema>;
export type DemoStepOf<K extends DemoStep['kind']> = Extract<DemoStep, { kind: K }>;

export const demoVerdictSchema = z.object({
  pass: z.boolean(),
  summary: z.string().max(2000),
  checks: z.array(z.object({ label: z.string().max(400), pass: z.boolean() })),
});
export type DemoVerdict = z.infer<typeof demoVerdictSchema>;

/** A whole run: what `demo.run` answers and what "Save run" writes to a file. */
export const demoRunSchema = z.object({
  format: z.literal('gatehouse-demo-run/1'),
  id: z.string().min(1).max(64),
  scenario: z.enum(DEMO_SCENARIO_IDS),
  title: z.string().max(200),
  startedAt: at,
  finishedAt: at,
  steps: z.array(demoStepSchema).max(20_000),
  verdict: demoVerdictSchema,
});
export type DemoRun = z.infer<typeof demoRunSchema>;

/** Parses a saved run; the message says what is wrong with the file. */
export function parseDemoRun(text: string): { ok: true; run: DemoRun } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The file is not JSON.' };
  }
  const parsed = demoRunSchema.safeParse(json);
  if (parsed.success) return { ok: true, run: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    message: `Not a Gatehouse demo run: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`,
  };
}
