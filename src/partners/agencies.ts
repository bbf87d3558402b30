/**
 * Partner agencies and their people (liaisons, owners of actions: staff, never subjects). An agency's id
 * is the short code that users.agency and partner_activity.agency carry (ATF, OVP), stored upper-case as
 * the partner-activity importer stores it. Contacts have no id of their own: an agency's contact list is
 * replaced as a whole, in one transaction.
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import type { Database } from "../store/db.js";
import { AGENCY_KINDS, type AgencyKind } from "./vocabulary.js";

export const ContactSchema = z.object({
  name: z.string().trim().min(1).max(200),
  title: z.string().trim().max(200).nullish(),
  email: z.string().trim().email().max(200).nullish(),
  phone: z.string().trim().max(50).nullish(),
  username: z.string().trim().max(100).nullish(),
});
export type ContactInput = z.infer<typeof ContactSchema>;

export const AgencyInputSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, "a short code: letters, digits, - or _ (e.g. ATF, OVP)")
    .transform((s) => s.toUpperCase()),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(AGENCY_KINDS),
  contacts: z.array(ContactSchema).max(100).optional(),
});
export type AgencyInput = z.infer<typeof AgencyInputSchema>;

export const AgencyPatchSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  kind: z.enum(AGENCY_KINDS).optional(),
  contacts: z.array(ContactSchema).max(100).optional(),
});
export type AgencyPatch = z.infer<typeof AgencyPatchSchema>;

export interface Contact {
  readonly name: string;
  readonly title: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly username: string | null;
}

export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly kind: AgencyKind;
  readonly contacts: readonly Contact[];
}

export async function listAgencies(db: Database): Promise<Agency[]> {
  const agencies = await db.all<{ id: string; name: string; kind: string }>(
    "SELECT id, name, kind FROM agencies ORDER BY id",
  );
  const contacts = await db.all<{ agency: string } & { [K in keyof Contact]: Contact[K] }>(
    "SELECT agency, name, title, email, phone, username FROM agency_contacts ORDER BY agency, created_at, name",
  );
  return agencies.map((a) => ({
    id: a.id,
    name: a.name,
    kind: a.kind as AgencyKind,
    contacts: contacts
      .filter((c) => c.agency === a.id)
      .map(({ name, title, email, phone, username }) => ({ name, title, email, phone, username })),
  }));
}

export async function findAgency(db: Database, id: string): Promise<Agency | undefined> {
  return (await listAgencies(db)).find((a) => a.id === id.toUpperCase());
}

export async function getAgency(db: Database, id: string): Promise<Agency> {
  const a = await findAgency(db, id);
  if (!a) throw new AppError("not-found", `no agency '${id}': GET /api/agencies lists them`);
  return a;
}

async function replaceContacts(db: Database, agency: string, contacts: readonly ContactInput[], now: Date) {
  const names = contacts.map((c) => c.name.toLowerCase());
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new AppError("invalid-argument", `contacts: '${repeated}' is listed twice`);
  await db.run("DELETE FROM agency_contacts WHERE agency = $1", [agency]);
  for (const [i, c] of contacts.entries()) {
    // Creation order is the list order: one millisecond apart.
    await db.run("INSERT INTO agency_contacts VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ)", [
      agency,
      c.name,
      c.title ?? null,
      c.email ?? null,
      c.phone ?? null,
      c.username ?? null,
      new Date(now.getTime() + i).toISOString(),
    ]);
  }
}

/** Adds an agency (and its contacts); a taken id is a conflict. */
export async function createAgency(db: Database, input: AgencyInput, now = new Date()): Promise<Agency> {
  return db.transaction(async () => {
    if (await findAgency(db, input.id))
      throw new AppError(
        "conflict",
        `id: agency '${input.id}' exists; PATCH /api/agencies/${input.id} changes it`,
      );
    await db.run("INSERT INTO agencies VALUES ($1, $2, $3, $4::TIMESTAMPTZ)", [
      input.id,
      input.name,
      input.kind,
      now.toISOString(),
    ]);
    await replaceContacts(db, input.id, input.contacts ?? [], now);
    return getAgency(db, input.id);
  });
}

/** Changes an agency's name or kind, or replaces its contact list. */
export async function updateAgency(
  db: Database,
  id: string,
  patch: AgencyPatch,
  now = new Date(),
): Promise<Agency> {
  return db.transaction(async () => {
    const a = await getAgency(db, id);
    await db.run("UPDATE agencies SET name = $2, kind = $3 WHERE id = $1", [
      a.id,
      patch.name ?? a.name,
      patch.kind ?? a.kind,
    ]);
    if (patch.contacts) await replaceContacts(db, a.id, patch.contacts, now);
    return getAgency(db, a.id);
  });
}
