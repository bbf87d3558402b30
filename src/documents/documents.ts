/**
 * Policy and procedure drafts with every version kept (documents, document_versions; migration 5), so any
 * two versions can be compared with a redline. Versions are never edited: a change is a new version, like
 * the impact score configurations, so a redline shown in a meeting can always be shown again.
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { editCount, type RedlineSegment, redline } from "./redline.js";

export const DOCUMENT_KINDS = ["policy", "procedure", "plan", "other"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Longest body accepted: the redline's memory grows with the square of the edits (redline.ts). */
export const MAX_BODY_CHARS = 200_000;

const Body = z
  .string()
  .refine((s) => s.trim().length > 0, "the text is empty")
  .refine((s) => s.length <= MAX_BODY_CHARS, `at most ${MAX_BODY_CHARS} characters`);
const Note = z.string().trim().max(1000).optional();

export const DocumentInputSchema = z.object({
  title: z.string().trim().min(1, "give the document a title").max(300),
  kind: z.enum(DOCUMENT_KINDS).default("policy"),
  body: Body,
  note: Note,
});
export type DocumentInput = z.input<typeof DocumentInputSchema>;

export const VersionInputSchema = z.object({ body: Body, note: Note });
export type VersionInput = z.input<typeof VersionInputSchema>;

export interface VersionSummary {
  readonly version: number;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly chars: number;
}

export interface DocumentVersion extends VersionSummary {
  readonly documentId: number;
  readonly body: string;
}

export interface DocumentSummary {
  readonly id: number;
  readonly title: string;
  readonly kind: DocumentKind;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly latestVersion: number;
  readonly updatedAt: string;
}

export interface DocumentDetail extends DocumentSummary {
  /** Oldest first. */
  readonly versions: readonly VersionSummary[];
}

export interface Redline {
  readonly documentId: number;
  readonly title: string;
  readonly from: VersionSummary;
  readonly to: VersionSummary;
  readonly segments: readonly RedlineSegment[];
  /** Inserted and deleted tokens (words, spaces, punctuation), i.e. the size of the shortest edit script. */
  readonly edits: number;
}

type DocRow = {
  id: number;
  title: string;
  kind: string;
  created_by: string;
  created_at: Date;
  latest: number;
  updated_at: Date;
};
type VersionRow = {
  document_id: number;
  version: number;
  body: string;
  note: string | null;
  created_by: string;
  created_at: Date;
};

const DOC_SQL = `SELECT d.id, d.title, d.kind, d.created_by, d.created_at,
    max(v.version)::INTEGER AS latest, max(v.created_at) AS updated_at
  FROM documents d JOIN document_versions v ON v.document_id = d.id`;

function toSummary(r: DocRow): DocumentSummary {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind as DocumentKind,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    latestVersion: r.latest,
    updatedAt: r.updated_at.toISOString(),
  };
}

function toVersion(r: VersionRow): DocumentVersion {
  return {
    documentId: r.document_id,
    version: r.version,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    chars: r.body.length,
    body: r.body,
  };
}

const summaryOf = ({ documentId: _d, body: _b, ...s }: DocumentVersion): VersionSummary => s;

/** Every document, most recently revised first. */
export async function listDocuments(db: Database): Promise<DocumentSummary[]> {
  const rows = await db.all<DocRow>(`${DOC_SQL} GROUP BY ALL ORDER BY updated_at DESC, d.id DESC`);
  return rows.map(toSummary);
}

/** A document and its versions (without their bodies); undefined when there is no such document. */
export async function findDocument(db: Database, id: number): Promise<DocumentDetail | undefined> {
  const row = await db.one<DocRow>(`${DOC_SQL} WHERE d.id = $1 GROUP BY ALL`, [id]);
  if (!row) return undefined;
  const versions = await db.all<VersionRow>(
    "SELECT * FROM document_versions WHERE document_id = $1 ORDER BY version",
    [id],
  );
  return { ...toSummary(row), versions: versions.map((v) => summaryOf(toVersion(v))) };
}

export async function getDocument(db: Database, id: number): Promise<DocumentDetail> {
  const d = await findDocument(db, id);
  if (!d) throw new AppError("not-found", `no document ${id}: GET /api/documents lists them`);
  return d;
}

/** One version with its text; throws not-found naming the versions that exist. */
export async function getVersion(db: Database, id: number, version: number): Promise<DocumentVersion> {
  const row = await db.one<VersionRow>(
    "SELECT * FROM document_versions WHERE document_id = $1 AND version = $2",
    [id, version],
  );
  if (row) return toVersion(row);
  const d = await getDocument(db, id);
  throw new AppError(
    "not-found",
    `document ${id} has no version ${version} (it has versions 1 to ${d.latestVersion})`,
  );
}

/** A new document with its first version, in one transaction. */
export async function createDocument(
  db: Database,
  input: DocumentInput,
  username: string,
): Promise<DocumentDetail> {
  const v = parse(DocumentInputSchema, input);
  const id = await db.transaction(async () => {
    const r = await db.one<{ id: number }>("SELECT nextval('document_id_seq')::INTEGER AS id");
    const newId = (r as { id: number }).id;
    await db.run("INSERT INTO documents VALUES ($1, $2, $3, $4, now())", [newId, v.title, v.kind, username]);
    await db.run("INSERT INTO document_versions VALUES ($1, 1, $2, $3, $4, now())", [
      newId,
      v.body,
      v.note ?? null,
      username,
    ]);
    return newId;
  });
  return getDocument(db, id);
}

/** The next version of a document; refuses a body identical to the latest version's. */
export async function addVersion(
  db: Database,
  id: number,
  input: VersionInput,
  username: string,
): Promise<DocumentVersion> {
  const v = parse(VersionInputSchema, input);
  const version = await db.transaction(async () => {
    const d = await getDocument(db, id);
    const latest = await getVersion(db, id, d.latestVersion);
    if (latest.body === v.body)
      throw new AppError(
        "invalid-argument",
        `body: identical to version ${latest.version}; change the text to add a version`,
      );
    const next = d.latestVersion + 1;
    await db.run("INSERT INTO document_versions VALUES ($1, $2, $3, $4, $5, now())", [
      id,
      next,
      v.body,
      v.note ?? null,
      username,
    ]);
    return next;
  });
  return getVersion(db, id, version);
}

/** The word-level redline from version `from` to version `to` (either order; equal versions give no edits). */
/**
 * The redline between two versions. Defaults: `to` the latest version, `from` the one before it; `from`
 * after `to` is refused (compare older to newer). `names` labels the two in messages (`from`/`to` for the
 * API, `--from`/`--to` for the CLI).
 */
export async function documentRedline(
  db: Database,
  id: number,
  fromArg?: number,
  toArg?: number,
  names: { from: string; to: string } = { from: "from", to: "to" },
): Promise<Redline> {
  const d = await getDocument(db, id);
  const to = toArg ?? d.latestVersion;
  const from = fromArg ?? Math.max(1, to - 1);
  if (from > to)
    throw new AppError(
      "invalid-argument",
      `${names.from}: version ${from} comes after ${names.to} ${to}; compare older to newer`,
    );
  const b = await getVersion(db, id, to);
  const a = await getVersion(db, id, from);
  const segments = redline(a.body, b.body);
  return {
    documentId: id,
    title: d.title,
    from: summaryOf(a),
    to: summaryOf(b),
    segments,
    edits: editCount(segments),
  };
}

/** Parses with zod and reports the first problem as `field: message`. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new AppError(
    "invalid-argument",
    `${issue?.path.join(".") || "input"}: ${issue?.message ?? "invalid"}`,
  );
}
