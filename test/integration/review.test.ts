/**
 * The shoot review on a small city built through the real import path (initCity, a generated generic CSV,
 * a focus-area GeoJSON), with gunshot detections, actions and meetings inserted by SQL. Coordinates are in
 * the analysis CRS (UTM 16N, metres) and laid out on axes from one origin, so every distance is exact and
 * each edge (400 m, 150 m, 250 m, 12 months, 14 days, 1 hour, the window's first and last minute) is tested
 * on both sides. Prior and near-repeat lists are also checked against a brute-force computation here.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importAreaFile } from "../../src/app/import-areas.js";
import { importIncidentFile } from "../../src/app/import-incidents.js";
import { initCity } from "../../src/app/init-city.js";
import { formatReview } from "../../src/cli/review-command.js";
import { resolveMetrics } from "../../src/compstat/metrics.js";
import { findChromium, renderPdfBuffer } from "../../src/compstat/render-pdf.js";
import { renderReviewHtml } from "../../src/review/packet-html.js";
import { buildShootReview, type ShootReview } from "../../src/review/review.js";
import { setReviewNote } from "../../src/review/review-notes.js";
import { listScoreConfigs, saveScoreConfig } from "../../src/review/score-config.js";
import { Database } from "../../src/store/db.js";
import { tmpDir } from "../helpers/synthetic-files.js";

const X0 = 300_000;
const Y0 = 4_770_000;
const DATE = "2024-06-14";
const NOW = new Date("2024-06-17T15:00:00Z");

interface Fix {
  id: string;
  t: string;
  offense: string;
  weapon: string;
  shot: string;
  killed: string;
  dx: number;
  dy: number;
  district: string;
  age?: string;
}
const shot = (id: string, t: string, dx: number, dy: number, extra: Partial<Fix> = {}): Fix => ({
  id,
  t,
  offense: "13A",
  weapon: "12",
  shot: "1",
  killed: "0",
  dx,
  dy,
  district: "1",
  ...extra,
});

const FIXTURES: Fix[] = [
  // The window: 2024-06-08 00:00 .. 2024-06-14 23:59 local.
  shot("A", "2024-06-08 00:00", 0, 0, { age: "under 18" }),
  shot("B", "2024-06-14 23:59", 5000, 0, {
    offense: "09A",
    shot: "2",
    killed: "1",
    district: "2",
    age: "25-34",
  }),
  shot("C-before", "2024-06-07 23:59", 10_000, 0),
  shot("D-after", "2024-06-15 00:00", 10_000, 0),
  shot("E", "2024-06-10 12:00", 20_000, 0, {
    offense: "09A",
    weapon: "",
    shot: "1",
    killed: "1",
    district: "3",
  }),
  shot("N4", "2024-06-12 10:00", 100, 0),
  // Not shootings: gun assault with nobody hit, a robbery, a knife homicide.
  shot("not-hit", "2024-06-09 10:00", 0, 10, { shot: "0" }),
  shot("robbery", "2024-06-09 11:00", 0, 20, { offense: "120", shot: "" }),
  shot("knife", "2024-06-09 12:00", 30_000, 0, { offense: "09A", weapon: "20", shot: "0", killed: "1" }),
  // Around A: prior shootings (400 m, 12 months) and the near-repeat window (150 m, 14 days).
  shot("P1", "2023-06-08 00:00", 400, 0),
  shot("P2", "2023-06-07 23:59", 400, 0),
  shot("P3", "2024-01-01 12:00", 0, 400.5),
  shot("P4", "2024-05-20 12:00", 0, -100),
  shot("N1", "2024-05-25 00:00", 150, 0),
  shot("N2", "2024-05-30 00:00", -150.5, 0),
  shot("N3", "2024-05-24 23:59", 0, 150),
  shot("N5", "2024-06-15 01:00", 50, 0),
];

let dir: string;
let db: Database;
const uid = new Map<string, number>();
let review: ShootReview;

function csv(): string {
  const head =
    "incident_id,occurred_at,offense,weapon,victims_shot,victims_killed,x,y,district,address,victim_age_band";
  const rows = FIXTURES.map((f) =>
    [
      f.id,
      f.t,
      f.offense,
      f.weapon,
      f.shot,
      f.killed,
      X0 + f.dx,
      Y0 + f.dy,
      f.district,
      `${f.id} BLOCK MAIN ST`,
      f.age ?? "",
    ].join(","),
  );
  return `${head}\n${rows.join("\n")}\n`;
}

function focusArea(): string {
  const ring = [
    [X0 - 1000, Y0 - 1000],
    [X0 + 1000, Y0 - 1000],
    [X0 + 1000, Y0 + 1000],
    [X0 - 1000, Y0 + 1000],
    [X0 - 1000, Y0 - 1000],
  ];
  return JSON.stringify({
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        properties: { NAME: "Main Corridor" },
        geometry: { type: "Polygon", coordinates: [ring] },
      },
    ],
  });
}

async function detection(id: string, t: string, dx: number, dy: number): Promise<void> {
  await db.run(
    `INSERT INTO gunshot_detections (uid, source, detection_id, batch_id, detected_at, rounds, detection_type, lon, lat, x, y)
     VALUES (nextval('event_uid_seq'), 'test', $1, 0, $2::TIMESTAMP, 3, 'multiple', 0, 0, $3, $4)`,
    [id, t, X0 + dx, Y0 + dy],
  );
}

async function action(
  id: number,
  status: string,
  due: string | null,
  links: [string, string][],
  origin = "shooting",
): Promise<void> {
  await db.run(
    `INSERT INTO actions VALUES ($1, $2, 'directed-patrol', 'MPD', NULL, $3::DATE, $4, $5, 'analyst1', now(), now(), NULL)`,
    [id, `action ${id}`, due, status, origin],
  );
  for (const [kind, ref] of links)
    await db.run("INSERT INTO action_links VALUES ($1, $2, $3)", [id, kind, ref]);
}

beforeAll(async () => {
  dir = tmpDir("review");
  const file = path.join(dir, "review.duckdb");
  await initCity(file, { name: "Reviewville", timeZone: "America/Chicago", crs: "EPSG:32616" });
  db = await Database.open(file);
  fs.writeFileSync(path.join(dir, "i.csv"), csv());
  fs.writeFileSync(path.join(dir, "fa.geojson"), focusArea());
  const imp = await importIncidentFile(db, path.join(dir, "i.csv"), { format: "generic", crs: "EPSG:32616" });
  expect(imp.rows.rejected).toBe(0);
  await importAreaFile(db, path.join(dir, "fa.geojson"), {
    layer: "focus_area",
    nameField: "NAME",
    crs: "EPSG:32616",
  });
  for (const r of await db.all<{ id: string; uid: number }>(
    "SELECT incident_id AS id, uid::DOUBLE AS uid FROM incidents WHERE valid_to IS NULL",
  ))
    uid.set(r.id, r.uid);
  await detection("G1", "2024-06-07 23:00", 250, 0);
  await detection("G2", "2024-06-08 01:00", 0, 250);
  await detection("G3", "2024-06-08 00:10", 250.5, 0);
  await detection("G4", "2024-06-08 01:01", 10, 0);
  const e = await db.one<{ lon: number; lat: number }>(
    "SELECT lon, lat FROM incidents WHERE incident_id = 'E'",
  );
  await action(1, "open", "2024-06-10", [
    ["incident", String(uid.get("P1"))],
    ["person", "subject-17"],
  ]);
  await action(2, "done", "2024-06-01", [["incident", String(uid.get("A"))]]);
  await action(3, "in-progress", "2024-06-20", [["area", "district:2"]]);
  await action(4, "blocked", null, [["place", `${e!.lon},${e!.lat}`]]);
  await action(5, "open", "2024-06-30", [["place", `${e!.lon + 0.01},${e!.lat}`]]);
  await db.run(
    `INSERT INTO meetings VALUES (1, 'shoot-review', '2024-06-07', 'Shoot review 7 June', '[]', '[]', NULL, '[]', NULL, 'a', now(), now()),
       (2, 'shoot-review', '2024-06-14', 'Shoot review 14 June', '[]', '[]', NULL, '[]', NULL, 'a', now(), now()),
       (3, 'compstat', '2024-06-10', 'CompStat', '[]', '[]', NULL, '[]', NULL, 'a', now(), now())`,
  );
  await action(6, "done", "2024-06-12", [["meeting", "1"]], "meeting");
  await action(7, "open", "2024-06-13", [["meeting", "1"]], "meeting");
  await action(8, "open", "2024-06-13", [["meeting", "2"]], "meeting");
  await setReviewNote(db, {
    uid: uid.get("B")!,
    groupConflict: true,
    note: "dispute",
    updatedBy: "analyst1",
    now: NOW,
  });
  review = await buildShootReview(db, { date: DATE, now: NOW });
}, 60_000);

afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const byId = (r: ShootReview, id: string) => r.shootings.find((s) => s.uid === uid.get(id))!;
const ids = (xs: readonly { uid: number }[]) =>
  xs.map((x) => [...uid.entries()].find(([, u]) => u === x.uid)?.[0]);

describe("the review window", () => {
  it("holds the shootings of the 7 local days, first and last minute in, one minute outside out", () => {
    expect(review.window).toEqual({ start: "2024-06-08", end: DATE, days: 7 });
    expect(new Set(ids(review.shootings))).toEqual(new Set(["A", "B", "E", "N4"]));
  });

  it("follows CompStat: fatal = homicide by firearm (a hit counts without a weapon code); no hit, no shooting", () => {
    expect(byId(review, "E").fatal).toBe(true);
    expect(byId(review, "B").victims).toEqual({ count: 2, killed: 1, ageBands: ["25-34"], juvenile: false });
    expect(byId(review, "A").victims).toEqual({
      count: 1,
      killed: 0,
      ageBands: ["under 18"],
      juvenile: true,
    });
  });

  it("lists exactly what CompStat's metrics count in the window (homicides only by firearm)", async () => {
    const [homicides, nonFatal] = resolveMetrics(["homicides", "nonfatal-shootings"], []);
    const counts = await db.one<{ h: number; nf: number; knife: number }>(
      `SELECT sum(${homicides!.sql})::INTEGER AS h, sum(${nonFatal!.sql})::INTEGER AS nf,
         count(*) FILTER (WHERE incident_id = 'knife')::INTEGER AS knife
       FROM incidents WHERE valid_to IS NULL AND occurred_at >= '2024-06-08' AND occurred_at < '2024-06-15'`,
    );
    expect(review.shootings.filter((s) => !s.fatal)).toHaveLength(counts!.nf);
    expect(review.shootings.filter((s) => s.fatal)).toHaveLength(counts!.h - counts!.knife);
  });

  it("places each shooting: block address, district, focus area", () => {
    const a = byId(review, "A");
    expect(a.address).toBe("A BLOCK MAIN ST");
    expect(a.district).toBe("1");
    expect(a.focusAreas).toEqual(["Main Corridor"]);
    expect(byId(review, "B").focusAreas).toEqual([]);
    expect(a.location?.x).toBeCloseTo(X0, 6);
  });
});

describe("context around a shooting", () => {
  it("lists prior shootings within 400 m and 12 months, both edges inclusive", () => {
    expect(ids(byId(review, "A").priorShootings)).toEqual(["P1", "P4", "N3", "N1", "N2"]);
    expect(byId(review, "A").priorShootings[0]).toMatchObject({ distanceM: 400, daysApart: -366 });
  });

  it("lists the near-repeat window: 150 m and 14 days either side, nothing after the review date", () => {
    const a = byId(review, "A");
    expect(ids(a.nearRepeat)).toEqual(["N1", "N4"]);
    expect(a.nearRepeat[0]).toMatchObject({ distanceM: 150, daysApart: -14 });
    expect(a.sameBlockPrior).toBe(2);
  });

  it("matches a brute-force computation for every shooting", () => {
    const xy = new Map(FIXTURES.map((f) => [f.id, f]));
    const t = (s: string) => Date.parse(`${s.replace(" ", "T")}:00Z`);
    const shootings = FIXTURES.filter((f) => !["not-hit", "robbery", "knife"].includes(f.id));
    const end = t("2024-06-15 00:00");
    for (const s of review.shootings) {
      const me = xy.get(ids([s])[0]!)!;
      const d = (o: Fix) => Math.hypot(o.dx - me.dx, o.dy - me.dy);
      const yearBefore = new Date(t(me.t));
      yearBefore.setUTCMonth(yearBefore.getUTCMonth() - 12);
      const prior = shootings.filter(
        (o) => o !== me && d(o) <= 400 && t(o.t) < t(me.t) && t(o.t) >= yearBefore.getTime(),
      );
      const near = shootings.filter(
        (o) => o !== me && d(o) <= 150 && Math.abs(t(o.t) - t(me.t)) <= 14 * 86_400_000 && t(o.t) < end,
      );
      expect(new Set(ids(s.priorShootings))).toEqual(new Set(prior.map((o) => o.id)));
      expect(new Set(ids(s.nearRepeat))).toEqual(new Set(near.map((o) => o.id)));
    }
  });

  it("finds gunshot detections within 250 m and an hour either side", () => {
    const a = byId(review, "A");
    expect(a.detections.map((d) => d.detectionId)).toEqual(["G1", "G2"]);
    expect(a.detections.map((d) => [d.distanceM, d.minutesApart])).toEqual([
      [250, -60],
      [250, 60],
    ]);
  });

  it("links open actions by incident (its own or a prior shooting), area and place; closed ones never", () => {
    expect(byId(review, "A").openActions.map((a) => a.id)).toEqual([1]);
    expect(byId(review, "A").openActions[0]).toMatchObject({
      overdue: true,
      personLinks: 1,
      matchedBy: [{ kind: "incident", ref: String(uid.get("P1")) }],
    });
    expect(byId(review, "A").openActions[0]!.links.some((l) => l.kind === "person")).toBe(false);
    expect(byId(review, "B").openActions.map((a) => a.id)).toEqual([3]);
    expect(byId(review, "E").openActions.map((a) => a.id)).toEqual([4]);
  });
});

describe("impact score", () => {
  it("explains each score: contributions sum to it, in score order, with the configuration version", () => {
    expect(ids(review.shootings)).toEqual(["A", "N4", "B", "E"]);
    expect(review.shootings.map((s) => s.score.score)).toEqual([11.5, 9.5, 8, 4]);
    for (const s of review.shootings) {
      expect(s.score.factors.reduce((t, f) => t + f.contribution, 0)).toBeCloseTo(s.score.score, 10);
      expect(s.score.configVersion).toBe(1);
    }
    const a = Object.fromEntries(byId(review, "A").score.factors.map((f) => [f.name, [f.rawValue, f.value]]));
    expect(a).toEqual({
      fatal: [0, 0],
      victims: [1, 1],
      juvenile: [1, 1],
      retaliation: [4, 3],
      "group-conflict": [0, 0],
      "place-history": [5, 5],
    });
    expect(byId(review, "B").score.factors.find((f) => f.name === "group-conflict")?.value).toBe(1);
  });

  it("stores the scores; re-running with the same configuration gives the same rows", async () => {
    const rows = () =>
      db.all(
        "SELECT uid::DOUBLE AS uid, review_date::VARCHAR AS d, config_version, score, factors::VARCHAR AS f, computed_at::VARCHAR AS at FROM review_scores ORDER BY ALL",
      );
    const first = await rows();
    expect(first.map((r) => r.score)).toEqual(expect.arrayContaining([11.5, 9.5, 8, 4]));
    expect(first).toHaveLength(4);
    await buildShootReview(db, { date: DATE, now: new Date("2024-06-18T00:00:00Z") });
    expect(await rows()).toEqual(first);
  });

  it("a new configuration is a new version, recorded with each score; unknown factors are refused", async () => {
    await expect(saveScoreConfig(db, { weights: { race: 1 } })).rejects.toThrow(/unknown 'race'/);
    await expect(saveScoreConfig(db, { params: { caps: { fatal: 2 } } })).rejects.toThrow(/unknown 'fatal'/);
    const v2 = await saveScoreConfig(
      db,
      { weights: { fatal: 10 }, note: "deaths first" },
      { createdBy: "admin1", now: NOW },
    );
    expect(v2.version).toBe(2);
    expect(v2.weights.fatal).toBe(10);
    expect(v2.weights.victims).toBe(1);
    expect((await listScoreConfigs(db)).map((c) => c.version)).toEqual([1, 2]);
    const r2 = await buildShootReview(db, { date: DATE, now: NOW });
    expect(r2.config.version).toBe(2);
    expect(ids(r2.shootings)).toEqual(["B", "A", "E", "N4"]);
    expect(r2.shootings.map((s) => s.score.score)).toEqual([15, 11.5, 11, 9.5]);
    const versions = await db.all<{ v: number; n: number }>(
      "SELECT config_version AS v, count(*)::INTEGER AS n FROM review_scores GROUP BY 1 ORDER BY 1",
    );
    expect(versions).toEqual([
      { v: 1, n: 4 },
      { v: 2, n: 4 },
    ]);
    const old = await buildShootReview(db, { date: DATE, now: NOW, configVersion: 1, store: false });
    expect(old.shootings.map((s) => s.score.score)).toEqual([11.5, 9.5, 8, 4]);
  });
});

describe("the packet", () => {
  it("builds the agenda: open and overdue actions, the last shoot review's next steps", () => {
    const a = review.agenda;
    expect(a.openActions.map((x) => x.id)).toEqual([1, 7, 8, 3, 5, 4]);
    expect(a.openActions.filter((x) => x.overdue).map((x) => x.id)).toEqual([1, 7, 8]);
    expect(a.overdue).toBe(3);
    expect(a.lastMeeting?.id).toBe(1);
    expect(a.lastMeeting?.nextSteps.map((x) => [x.id, x.status])).toEqual([
      [7, "open"],
      [6, "done"],
    ]);
  });

  it("prints every shooting in score order, self-contained", () => {
    const html = renderReviewHtml(review);
    const at = review.shootings.map((s) => html.indexOf(`id="shooting-${s.uid}"`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(html).not.toMatch(/<script|https?:\/\//);
    expect(html).not.toContain("subject-17");
    expect(html).toContain("no people table");
    expect(formatReview(review)).toContain("4 shootings (2 fatal)");
  });

  it.skipIf(findChromium() === null)(
    "prints a PDF",
    async () => {
      const pdf = await renderPdfBuffer(renderReviewHtml(review));
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    },
    60_000,
  );
});
