import { type CityConfig, CityConfigSchema } from "../domain/city.js";
import { getCrs } from "../domain/crs.js";
import { AppError } from "../domain/errors.js";
import { findCity, insertCity } from "../store/city.js";
import { Database } from "../store/db.js";

export interface InitOptions {
  readonly name?: string | undefined;
  readonly timeZone: string;
  readonly crs?: string | undefined;
}

/** Creates a database for a city. Refuses to touch a database that already has one. */
export async function initCity(dbPath: string, options: InitOptions): Promise<CityConfig> {
  const parsed = CityConfigSchema.safeParse({
    name: options.name ?? "City",
    timeZone: options.timeZone,
    analysisCrs: options.crs ?? null,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".") === "timeZone" ? "--timezone" : issue.path.join(".");
    throw new AppError("invalid-argument", `${field}: ${issue.message} (got '${options.timeZone}')`);
  }
  if (parsed.data.analysisCrs) {
    const crs = getCrs(parsed.data.analysisCrs);
    if (crs.isGeographic) {
      throw new AppError(
        "invalid-argument",
        `--crs ${crs.id} is geographic; the analysis CRS must be projected, in metres`,
      );
    }
    if (!/\+units=m\b/.test(crs.proj4) && !/\+proj=utm/.test(crs.proj4)) {
      throw new AppError(
        "invalid-argument",
        `--crs ${crs.id} (${crs.name}) is not in metres; pick a metric projected CRS`,
      );
    }
  }
  const db = await Database.open(dbPath, { create: true });
  try {
    const existing = await findCity(db);
    if (existing) {
      throw new AppError(
        "conflict",
        `${db.path} already holds the city '${existing.name}' (${existing.timeZone})`,
      );
    }
    await insertCity(db, parsed.data);
    return parsed.data;
  } finally {
    db.close();
  }
}
