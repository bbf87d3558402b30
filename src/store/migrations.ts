/**
 * Schema migrations, applied in order inside one transaction each. A migration is never edited once
 * released; a change is a new entry. `schema_migrations` records which ones a database has.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "foundation: city, batches, versioned incidents, layers, events",
    sql: [
      `CREATE TABLE city (
         id INTEGER PRIMARY KEY CHECK (id = 1),
         name VARCHAR NOT NULL,
         time_zone VARCHAR NOT NULL,
         analysis_crs VARCHAR,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      `CREATE SEQUENCE batch_id_seq START 1`,
      // One row per import (incidents, areas, events). Counts are rows of the file, so that
      // rows_read = rows_new + rows_updated + rows_unchanged + rows_rejected always holds.
      `CREATE TABLE import_batches (
         batch_id INTEGER PRIMARY KEY,
         kind VARCHAR NOT NULL,
         format VARCHAR NOT NULL,
         source VARCHAR NOT NULL,
         file_name VARCHAR NOT NULL,
         file_sha256 VARCHAR NOT NULL,
         file_bytes BIGINT NOT NULL,
         started_at TIMESTAMPTZ NOT NULL,
         finished_at TIMESTAMPTZ NOT NULL,
         rows_read BIGINT NOT NULL,
         rows_new BIGINT NOT NULL,
         rows_updated BIGINT NOT NULL,
         rows_unchanged BIGINT NOT NULL,
         rows_rejected BIGINT NOT NULL,
         records_new BIGINT NOT NULL,
         records_updated BIGINT NOT NULL,
         records_unchanged BIGINT NOT NULL,
         warnings BIGINT NOT NULL,
         options JSON,
         notes JSON
       )`,
      // Rejected rows and per-value warnings (a row kept, one value dropped), with where and why.
      `CREATE TABLE import_issues (
         batch_id INTEGER NOT NULL,
         severity VARCHAR NOT NULL,
         row_number BIGINT NOT NULL,
         column_name VARCHAR,
         value VARCHAR,
         reason VARCHAR NOT NULL
       )`,
      `CREATE SEQUENCE incident_uid_seq START 1`,
      // One row per version of an incident. The current version has valid_to NULL; a report as of T
      // reads versions with valid_from <= T < coalesce(valid_to, infinity).
      `CREATE TABLE incidents (
         uid BIGINT NOT NULL,
         source VARCHAR NOT NULL,
         incident_id VARCHAR NOT NULL,
         version INTEGER NOT NULL,
         batch_id INTEGER NOT NULL,
         valid_from TIMESTAMPTZ NOT NULL,
         valid_to TIMESTAMPTZ,
         content_hash VARCHAR NOT NULL,
         occurred_at TIMESTAMP NOT NULL,
         occurred_precision VARCHAR NOT NULL,
         reported_at TIMESTAMP,
         reported_precision VARCHAR,
         offenses VARCHAR[] NOT NULL,
         weapons VARCHAR[] NOT NULL,
         victims_shot INTEGER,
         victims_killed INTEGER,
         src_x DOUBLE,
         src_y DOUBLE,
         src_crs VARCHAR,
         lon DOUBLE,
         lat DOUBLE,
         x DOUBLE,
         y DOUBLE,
         address VARCHAR,
         district_reported VARCHAR,
         cleared VARCHAR,
         cleared_at TIMESTAMP,
         attributes JSON
       )`,
      `CREATE TABLE area_layers (
         layer VARCHAR PRIMARY KEY,
         batch_id INTEGER NOT NULL,
         name_field VARCHAR NOT NULL,
         source_crs VARCHAR NOT NULL,
         imported_at TIMESTAMPTZ NOT NULL,
         notes JSON
       )`,
      // Polygons in WGS84 (display, geodesic area) and in the analysis CRS (point-in-polygon on x/y).
      `CREATE TABLE areas (
         layer VARCHAR NOT NULL,
         name VARCHAR NOT NULL,
         geometry_wgs84 JSON NOT NULL,
         geometry_xy JSON NOT NULL,
         area_m2 DOUBLE NOT NULL,
         attributes JSON
       )`,
      `CREATE TABLE area_populations (
         layer VARCHAR NOT NULL,
         name VARCHAR NOT NULL,
         year INTEGER NOT NULL,
         population BIGINT NOT NULL,
         batch_id INTEGER
       )`,
      // Which area of each layer an event falls in. For the district layer every incident has exactly one
      // row: the reported district, else the polygon that holds it, else 'Unknown' (method says which).
      `CREATE TABLE event_areas (
         kind VARCHAR NOT NULL,
         uid BIGINT NOT NULL,
         layer VARCHAR NOT NULL,
         area VARCHAR NOT NULL,
         method VARCHAR NOT NULL
       )`,
      `CREATE SEQUENCE event_uid_seq START 1`,
      // Acoustic gunshot detections: their own event stream, never incidents.
      `CREATE TABLE gunshot_detections (
         uid BIGINT NOT NULL,
         source VARCHAR NOT NULL,
         detection_id VARCHAR NOT NULL,
         batch_id INTEGER NOT NULL,
         detected_at TIMESTAMP NOT NULL,
         rounds INTEGER,
         detection_type VARCHAR,
         lon DOUBLE,
         lat DOUBLE,
         x DOUBLE,
         y DOUBLE
       )`,
      `CREATE TABLE calls_for_service (
         uid BIGINT NOT NULL,
         source VARCHAR NOT NULL,
         call_id VARCHAR NOT NULL,
         batch_id INTEGER NOT NULL,
         received_at TIMESTAMP NOT NULL,
         call_type VARCHAR NOT NULL,
         priority INTEGER,
         lon DOUBLE,
         lat DOUBLE,
         x DOUBLE,
         y DOUBLE
       )`,
    ],
  },
  {
    version: 2,
    name: "event streams: identity and content of calls and detections; partner activity",
    sql: [
      // Calls and detections are keyed by (source, id); a re-import compares content_hash and updates in
      // place (they carry no history: a CAD call does not change meaning the way an incident can).
      `ALTER TABLE gunshot_detections ADD COLUMN content_hash VARCHAR`,
      `ALTER TABLE gunshot_detections ADD COLUMN attributes JSON`,
      `ALTER TABLE calls_for_service ADD COLUMN content_hash VARCHAR`,
      `ALTER TABLE calls_for_service ADD COLUMN address VARCHAR`,
      `ALTER TABLE calls_for_service ADD COLUMN district_reported VARCHAR`,
      `ALTER TABLE calls_for_service ADD COLUMN attributes JSON`,
      // One row per reported activity count: agency, type, day, how many, where (an area or a point).
      `CREATE TABLE partner_activity (
         uid BIGINT NOT NULL,
         source VARCHAR NOT NULL,
         activity_key VARCHAR NOT NULL,
         batch_id INTEGER NOT NULL,
         content_hash VARCHAR NOT NULL,
         agency VARCHAR NOT NULL,
         activity_type VARCHAR NOT NULL,
         activity_date TIMESTAMP NOT NULL,
         activity_precision VARCHAR NOT NULL,
         count INTEGER NOT NULL,
         area_layer VARCHAR,
         area_name VARCHAR,
         lon DOUBLE,
         lat DOUBLE,
         x DOUBLE,
         y DOUBLE,
         reference VARCHAR,
         attributes JSON
       )`,
    ],
  },
  {
    version: 3,
    name: "compstat: a city's own metrics and its goals",
    sql: [
      // A metric is data (domain.md): its validated JSON definition, keyed by the id scripts use.
      `CREATE TABLE metrics (
         id VARCHAR PRIMARY KEY,
         definition JSON NOT NULL,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      // A goal: metric + area + baseline window + target change + deadline (the seed's "20 percent
      // reduction in firearm-related violent crime in the CSC by September 2018").
      `CREATE TABLE goals (
         id VARCHAR PRIMARY KEY,
         label VARCHAR NOT NULL,
         metric VARCHAR NOT NULL,
         layer VARCHAR,
         area VARCHAR,
         baseline_start DATE NOT NULL,
         baseline_end DATE NOT NULL,
         start_date DATE NOT NULL,
         deadline DATE NOT NULL,
         target_percent DOUBLE NOT NULL,
         created_at TIMESTAMPTZ NOT NULL
       )`,
    ],
  },
  {
    version: 4,
    name: "users, sessions and the hash-chained audit log",
    sql: [
      // Local users. Roles: admin, analyst, commander, partner (scoped to its agency), community.
      `CREATE TABLE users (
         username VARCHAR PRIMARY KEY,
         password_hash VARCHAR NOT NULL,
         role VARCHAR NOT NULL,
         agency VARCHAR,
         display_name VARCHAR,
         disabled BOOLEAN NOT NULL,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      // Sessions by the SHA-256 of their token (a stolen database does not hand out live cookies).
      `CREATE TABLE sessions (
         token_hash VARCHAR PRIMARY KEY,
         username VARCHAR NOT NULL,
         csrf_token VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL,
         expires_at TIMESTAMPTZ NOT NULL
       )`,
      // Append-only, hash-chained: hash = sha256(prev_hash + canonical entry), so an edit or a deletion
      // breaks the chain from that entry on (peacestat audit verify).
      `CREATE TABLE audit_log (
         seq BIGINT PRIMARY KEY,
         logged_at TIMESTAMPTZ NOT NULL,
         username VARCHAR,
         role VARCHAR,
         action VARCHAR NOT NULL,
         resource VARCHAR NOT NULL,
         purpose VARCHAR,
         detail JSON,
         prev_hash VARCHAR NOT NULL,
         hash VARCHAR NOT NULL
       )`,
    ],
  },
  {
    version: 5,
    name: "the partnership's loop: shoot review scores, actions, meetings, documents, agencies, operations, engagement",
    sql: [
      // Partner agencies. `id` is the short code users.agency and partner_activity.agency carry (ATF, OVP).
      `CREATE TABLE agencies (
         id VARCHAR PRIMARY KEY,
         name VARCHAR NOT NULL,
         kind VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      // The partnership's own people (liaisons, owners of actions): staff, never subjects.
      `CREATE TABLE agency_contacts (
         agency VARCHAR NOT NULL,
         name VARCHAR NOT NULL,
         title VARCHAR,
         email VARCHAR,
         phone VARCHAR,
         username VARCHAR,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      // Impact score configurations, never edited: a change is a new version, and every score names the
      // version that made it (weights and parameters as validated JSON).
      `CREATE TABLE score_configs (
         version INTEGER PRIMARY KEY,
         weights JSON NOT NULL,
         params JSON NOT NULL,
         note VARCHAR,
         created_by VARCHAR,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      // What analysts add to a shooting for the review (e.g. a known group conflict).
      `CREATE TABLE review_notes (
         uid BIGINT PRIMARY KEY,
         group_conflict BOOLEAN NOT NULL,
         note VARCHAR,
         updated_by VARCHAR NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
      // Scores as shown in a review: the factors and their contributions, and the configuration version.
      `CREATE TABLE review_scores (
         uid BIGINT NOT NULL,
         review_date DATE NOT NULL,
         config_version INTEGER NOT NULL,
         score DOUBLE NOT NULL,
         factors JSON NOT NULL,
         computed_at TIMESTAMPTZ NOT NULL,
         PRIMARY KEY (uid, review_date, config_version)
       )`,
      `CREATE SEQUENCE action_id_seq START 1`,
      // Actions: who does what by when, from a shooting, a place or a meeting; status with history.
      `CREATE TABLE actions (
         id INTEGER PRIMARY KEY,
         title VARCHAR NOT NULL,
         type VARCHAR NOT NULL,
         agency VARCHAR NOT NULL,
         owner VARCHAR,
         due_date DATE,
         status VARCHAR NOT NULL,
         origin VARCHAR NOT NULL,
         created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL,
         closed_at TIMESTAMPTZ
       )`,
      // Every change to an action, in order: creation, status changes, notes, reassignment, new due dates.
      `CREATE TABLE action_events (
         action_id INTEGER NOT NULL,
         seq INTEGER NOT NULL,
         logged_at TIMESTAMPTZ NOT NULL,
         username VARCHAR,
         kind VARCHAR NOT NULL,
         from_status VARCHAR,
         to_status VARCHAR,
         note VARCHAR,
         detail JSON,
         PRIMARY KEY (action_id, seq)
       )`,
      // What an action is about: incident (uid), area (LAYER:NAME), place (lon,lat), meeting (id),
      // person (restricted roles only), operation (id).
      `CREATE TABLE action_links (
         action_id INTEGER NOT NULL,
         kind VARCHAR NOT NULL,
         ref VARCHAR NOT NULL,
         PRIMARY KEY (action_id, kind, ref)
       )`,
      `CREATE SEQUENCE meeting_id_seq START 1`,
      `CREATE TABLE meetings (
         id INTEGER PRIMARY KEY,
         kind VARCHAR NOT NULL,
         held_on DATE NOT NULL,
         title VARCHAR NOT NULL,
         attendees JSON NOT NULL,
         agenda JSON NOT NULL,
         minutes VARCHAR,
         decisions JSON NOT NULL,
         next_meeting DATE,
         created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL,
         updated_at TIMESTAMPTZ NOT NULL
       )`,
      // Policy and procedure drafts: every version kept, so any two can be compared (redline).
      `CREATE SEQUENCE document_id_seq START 1`,
      `CREATE TABLE documents (
         id INTEGER PRIMARY KEY,
         title VARCHAR NOT NULL,
         kind VARCHAR NOT NULL,
         created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      `CREATE TABLE document_versions (
         document_id INTEGER NOT NULL,
         version INTEGER NOT NULL,
         body VARCHAR NOT NULL,
         note VARCHAR,
         created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL,
         PRIMARY KEY (document_id, version)
       )`,
      // Planned operations with the reference of the external deconfliction system (RISSafe, SAFETNet,
      // Case Explorer): PeaceStat warns about overlaps in place and time, it does not replace them.
      `CREATE SEQUENCE operation_id_seq START 1`,
      `CREATE TABLE operations (
         id INTEGER PRIMARY KEY,
         name VARCHAR NOT NULL,
         agency VARCHAR NOT NULL,
         starts_at TIMESTAMP NOT NULL,
         ends_at TIMESTAMP NOT NULL,
         area_layer VARCHAR,
         area_name VARCHAR,
         lon DOUBLE,
         lat DOUBLE,
         x DOUBLE,
         y DOUBLE,
         radius_m DOUBLE,
         deconfliction_system VARCHAR NOT NULL,
         deconfliction_ref VARCHAR NOT NULL,
         status VARCHAR NOT NULL,
         created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL
       )`,
      // Community engagement: events and meetings by area with attendance.
      `CREATE SEQUENCE engagement_id_seq START 1`,
      `CREATE TABLE engagements (
         id INTEGER PRIMARY KEY,
         held_on DATE NOT NULL,
         kind VARCHAR NOT NULL,
         title VARCHAR NOT NULL,
         organisation VARCHAR,
         area_layer VARCHAR,
         area_name VARCHAR,
         attendance INTEGER,
         notes VARCHAR,
         created_by VARCHAR NOT NULL,
         created_at TIMESTAMPTZ NOT NULL
       )`,
    ],
  },
];
