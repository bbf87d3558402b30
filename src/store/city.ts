import { type CityConfig, CityConfigSchema } from "../domain/city.js";
import { AppError } from "../domain/errors.js";
import type { Database } from "./db.js";

export async function findCity(db: Database): Promise<CityConfig | undefined> {
  const row = await db.one<{ name: string; time_zone: string; analysis_crs: string | null }>(
    "SELECT name, time_zone, analysis_crs FROM city WHERE id = 1",
  );
  if (!row) return undefined;
  return CityConfigSchema.parse({ name: row.name, timeZone: row.time_zone, analysisCrs: row.analysis_crs });
}

export async function getCity(db: Database): Promise<CityConfig> {
  const city = await findCity(db);
  if (!city) {
    throw new AppError(
      "not-found",
      `database ${db.path} has no city yet: run 'peacestat init --db ${db.path} --timezone ZONE' first`,
    );
  }
  return city;
}

export async function insertCity(db: Database, city: CityConfig): Promise<void> {
  await db.run("INSERT INTO city VALUES (1, $1, $2, $3, now())", [
    city.name,
    city.timeZone,
    city.analysisCrs,
  ]);
}

export async function setAnalysisCrs(db: Database, crs: string): Promise<void> {
  await db.run("UPDATE city SET analysis_crs = $1 WHERE id = 1", [crs]);
}
