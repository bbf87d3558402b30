/**
 * Impact score configurations (issue 7, "Shoot review"): the weight of each named factor, the caps on the
 * counted factors, and the distances and times that decide what counts as nearby. Stored in `score_configs`
 * and never edited: a change is a new version, and every computed score names the version that made it, so
 * a score shown at last week's meeting can always be explained with the weights it was made with.
 *
 * The factor names are a closed list and the schema is strict: a configuration naming any other factor is
 * refused, so no protected attribute (race, ethnicity, religion, national origin, ...) or any other
 * person-level trait can be added to the score by configuration (docs/domain.md, "People: safeguards").
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";

/** The score's factors, in the order they are shown. Only these exist; see docs/shoot-review.md. */
export const FACTOR_NAMES = [
  "fatal",
  "victims",
  "juvenile",
  "retaliation",
  "group-conflict",
  "place-history",
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** Factors counted (rather than 0/1), each with a cap on the value that enters the score. */
export const COUNTED_FACTORS = ["victims", "retaliation", "place-history"] as const;

const Weight = z.number().finite().min(0, "weights are 0 or more").max(100, "weights are at most 100");
const Cap = z.number().int().min(1, "a cap is a whole number of at least 1").max(100);
const Metres = z.number().finite().positive().max(10_000, "at most 10,000 m");

export const WeightsSchema = z.strictObject({
  fatal: Weight,
  victims: Weight,
  juvenile: Weight,
  retaliation: Weight,
  "group-conflict": Weight,
  "place-history": Weight,
});
export type ScoreWeights = z.infer<typeof WeightsSchema>;

export const ParamsSchema = z.strictObject({
  caps: z.strictObject({ victims: Cap, retaliation: Cap, "place-history": Cap }),
  /** Gunshot detections within this distance (m) and time (minutes either side) of a shooting. */
  detectionDistanceM: Metres,
  detectionMinutes: z.number().int().min(1).max(1440),
  /** Prior shootings within this distance (m) in the months before the shooting. */
  priorDistanceM: Metres,
  priorMonths: z.number().int().min(1).max(120),
  /** The near-repeat window: this distance (m) and days either side (Ratcliffe & Rengert 2008). */
  nearRepeatDistanceM: Metres,
  nearRepeatDays: z.number().int().min(1).max(365),
});
export type ScoreParams = z.infer<typeof ParamsSchema>;

/** What a configuration holds besides its version. */
export interface ScoreConfigBody {
  readonly weights: ScoreWeights;
  readonly params: ScoreParams;
}

export interface ScoreConfig extends ScoreConfigBody {
  readonly version: number;
  readonly note: string | null;
  readonly createdBy: string | null;
  /** ISO 8601 instant. */
  readonly createdAt: string;
}

/**
 * Version 1, created on first use. Illustrative weights, to be set by the partnership: a death weighs most,
 * then a known group conflict, then a child shot and signs of retaliation; place history adds a little per
 * earlier shooting nearby. Distances: 250 m / 1 h for detections, 400 m / 12 months for prior shootings,
 * 150 m (about one block) / 14 days for the near-repeat window (Ratcliffe & Rengert 2008).
 */
export const DEFAULT_SCORE_CONFIG: ScoreConfigBody = Object.freeze({
  weights: { fatal: 3, victims: 1, juvenile: 2, retaliation: 2, "group-conflict": 3, "place-history": 0.5 },
  params: {
    caps: { victims: 5, retaliation: 3, "place-history": 5 },
    detectionDistanceM: 250,
    detectionMinutes: 60,
    priorDistanceM: 400,
    priorMonths: 12,
    nearRepeatDistanceM: 150,
    nearRepeatDays: 14,
  },
});

/** A new version's input: any part may be left out and is then taken from the version it replaces. */
export const ScoreConfigInputSchema = z.strictObject({
  weights: WeightsSchema.partial().optional(),
  params: ParamsSchema.extend({
    caps: z.strictObject({ victims: Cap, retaliation: Cap, "place-history": Cap }).partial(),
  })
    .partial()
    .optional(),
  note: z.string().trim().min(1).max(500).optional(),
});
export type ScoreConfigInput = z.input<typeof ScoreConfigInputSchema>;

function issueText(e: z.ZodError): string {
  const i = e.issues[0];
  if (!i) return "invalid";
  const where = i.path.length > 0 ? i.path.join(".") : "(top level)";
  if (i.code === "unrecognized_keys") {
    return `${where === "(top level)" ? "" : `${where}: `}unknown ${i.keys.map((k) => `'${k}'`).join(", ")}: factors are ${FACTOR_NAMES.join(", ")}; params are ${Object.keys(ParamsSchema.shape).join(", ")}`;
  }
  return `${where}: ${i.message}`;
}

/** Validates a new version's input (a parsed JSON file or HTTP body); throws "invalid-argument". */
export function parseScoreConfigInput(input: unknown): z.output<typeof ScoreConfigInputSchema> {
  const parsed = ScoreConfigInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("invalid-argument", `score configuration: ${issueText(parsed.error)}`);
  }
  return parsed.data;
}

/** The input laid over the version it replaces, then checked whole. */
export function mergeScoreConfig(base: ScoreConfigBody, input: unknown): ScoreConfigBody {
  const i = parseScoreConfigInput(input);
  const body = {
    weights: { ...base.weights, ...i.weights },
    params: { ...base.params, ...i.params, caps: { ...base.params.caps, ...i.params?.caps } },
  };
  return { weights: WeightsSchema.parse(body.weights), params: ParamsSchema.parse(body.params) };
}

type ConfigRow = {
  version: number;
  weights: string;
  params: string;
  note: string | null;
  created_by: string | null;
  created_ms: number;
};

const SELECT = `SELECT version, weights::VARCHAR AS weights, params::VARCHAR AS params, note, created_by,
  epoch_ms(created_at)::DOUBLE AS created_ms FROM score_configs`;

function fromRow(r: ConfigRow): ScoreConfig {
  const w = WeightsSchema.safeParse(JSON.parse(r.weights));
  const p = ParamsSchema.safeParse(JSON.parse(r.params));
  if (!w.success || !p.success) {
    const why = !w.success ? issueText(w.error) : !p.success ? issueText(p.error) : "";
    throw new AppError("database", `stored score configuration version ${r.version} is invalid: ${why}`);
  }
  return {
    version: r.version,
    weights: w.data,
    params: p.data,
    note: r.note,
    createdBy: r.created_by,
    createdAt: new Date(r.created_ms).toISOString(),
  };
}

/** Every version, oldest first. */
export async function listScoreConfigs(db: Database): Promise<ScoreConfig[]> {
  return (await db.all<ConfigRow>(`${SELECT} ORDER BY version`)).map(fromRow);
}

/** One version; "not-found" naming the versions that exist. */
export async function getScoreConfig(db: Database, version: number): Promise<ScoreConfig> {
  const row = await db.one<ConfigRow>(`${SELECT} WHERE version = $1`, [version]);
  if (row) return fromRow(row);
  const all = await db.all<{ version: number }>("SELECT version FROM score_configs ORDER BY version");
  throw new AppError(
    "not-found",
    `no score configuration version ${version}; versions: ${all.map((v) => v.version).join(", ") || "none yet"}`,
  );
}

export interface ScoreConfigWriteOptions {
  readonly createdBy?: string | null;
  readonly now?: Date;
}

/**
 * The configuration in force: the latest version. The first call on a database creates version 1 with
 * `DEFAULT_SCORE_CONFIG` (a no-op when another call got there first).
 */
export async function getActiveScoreConfig(
  db: Database,
  options: ScoreConfigWriteOptions = {},
): Promise<ScoreConfig> {
  const latest = await db.one<ConfigRow>(`${SELECT} ORDER BY version DESC LIMIT 1`);
  if (latest) return fromRow(latest);
  await db.run(
    `INSERT INTO score_configs SELECT 1, $1::JSON, $2::JSON, $3, $4, $5::TIMESTAMPTZ
     WHERE NOT EXISTS (SELECT 1 FROM score_configs)`,
    [
      JSON.stringify(DEFAULT_SCORE_CONFIG.weights),
      JSON.stringify(DEFAULT_SCORE_CONFIG.params),
      "default configuration (created on first use)",
      options.createdBy ?? null,
      (options.now ?? new Date()).toISOString(),
    ],
  );
  return getScoreConfig(db, 1);
}

/** Stores `input` laid over the configuration in force as the next version, and returns it. */
export async function saveScoreConfig(
  db: Database,
  input: unknown,
  options: ScoreConfigWriteOptions = {},
): Promise<ScoreConfig> {
  const parsed = parseScoreConfigInput(input);
  return db.transaction(async () => {
    const base = await getActiveScoreConfig(db, options);
    const body = mergeScoreConfig(base, input);
    const version = base.version + 1;
    await db.run("INSERT INTO score_configs VALUES ($1, $2::JSON, $3::JSON, $4, $5, $6::TIMESTAMPTZ)", [
      version,
      JSON.stringify(body.weights),
      JSON.stringify(body.params),
      parsed.note ?? null,
      options.createdBy ?? null,
      (options.now ?? new Date()).toISOString(),
    ]);
    return getScoreConfig(db, version);
  });
}
