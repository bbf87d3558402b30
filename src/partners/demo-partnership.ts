/**
 * The demo city's partnership (Lakeport): the agencies the seed's shoot review sat around the table with
 * (local police, the federal partners, the prosecutor, the health department's violence prevention office,
 * a community violence intervention organisation, a research partner) and one liaison each. Fictional
 * people with reserved example.org addresses; fixed, so every demo build has the same directory. Nothing
 * here feeds a count.
 */
import type { Database } from "../store/db.js";
import type { AgencyKind } from "./vocabulary.js";

export const DEMO_AGENCIES: readonly {
  id: string;
  name: string;
  kind: AgencyKind;
  contact: { name: string; title: string };
}[] = [
  {
    id: "LPD",
    name: "Lakeport Police Department",
    kind: "police",
    contact: { name: "Cmdr. Dana Reyes", title: "CompStat commander" },
  },
  {
    id: "ATF",
    name: "Bureau of Alcohol, Tobacco, Firearms and Explosives",
    kind: "federal",
    contact: { name: "SA Morgan Tate", title: "Crime gun intelligence liaison" },
  },
  {
    id: "FBI",
    name: "Federal Bureau of Investigation",
    kind: "federal",
    contact: { name: "SA Priya Nair", title: "Violent crime task force" },
  },
  {
    id: "DEA",
    name: "Drug Enforcement Administration",
    kind: "federal",
    contact: { name: "SA Luis Ortega", title: "Group supervisor" },
  },
  {
    id: "USMS",
    name: "U.S. Marshals Service",
    kind: "federal",
    contact: { name: "DUSM Kim Hale", title: "Fugitive task force" },
  },
  {
    id: "DA",
    name: "Lakeport County District Attorney",
    kind: "prosecutor",
    contact: { name: "ADA Sam Whitfield", title: "Violent crime unit" },
  },
  {
    id: "OVP",
    name: "Office of Violence Prevention",
    kind: "health",
    contact: { name: "Jordan Ellis", title: "Hospital-based outreach lead" },
  },
  {
    id: "CVI",
    name: "Lakeport Peacekeepers (community violence intervention)",
    kind: "community",
    contact: { name: "Andre Booker", title: "Violence interrupter supervisor" },
  },
  {
    id: "UNI",
    name: "Lakeport University Crime Lab",
    kind: "research",
    contact: { name: "Dr. Ana Lima", title: "Research partner" },
  },
];

/** Writes the demo agencies and contacts, stamped `at` (the caller's transaction). */
export async function seedDemoPartnership(db: Database, at: string): Promise<void> {
  for (const a of DEMO_AGENCIES) {
    await db.run("INSERT INTO agencies VALUES ($1, $2, $3, $4::TIMESTAMPTZ)", [a.id, a.name, a.kind, at]);
    const email = `${a.contact.name.split(" ").at(-1)!.toLowerCase()}@${a.id.toLowerCase()}.example.org`;
    await db.run("INSERT INTO agency_contacts VALUES ($1, $2, $3, $4, NULL, NULL, $5::TIMESTAMPTZ)", [
      a.id,
      a.contact.name,
      a.contact.title,
      email,
      at,
    ]);
  }
}
