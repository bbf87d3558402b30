/** The partnership's directory: each agency with its kind and liaisons; admins add agencies. */
import { type FormEvent, useId, useState } from "react";
import { createAgency, type PartnersAnswer } from "../api-partners";
import { ErrorBox } from "../components/Status";
import { useSubmit } from "./useSubmit";

export function AgenciesSection(props: {
  data: PartnersAnswer;
  onChanged: (msg: string) => void;
  onUnauthorized: () => void;
}) {
  const { data } = props;
  return (
    <section aria-labelledby="agencies-h">
      <h2 id="agencies-h">Agencies</h2>
      <div className="table-scroll">
        <table className="compstat partners-table">
          <caption>{data.agencies.length} agencies and their liaisons</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Agency</th>
              <th scope="col">Kind</th>
              <th scope="col">Contacts</th>
            </tr>
          </thead>
          <tbody>
            {data.agencies.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.id}</th>
                <td>{a.name}</td>
                <td>{a.kind}</td>
                <td>
                  {a.contacts.length === 0
                    ? "none"
                    : a.contacts.map((c) => (
                        <div key={c.name}>
                          {c.name}
                          {c.title ? `, ${c.title}` : ""}
                          {c.email ? (
                            <>
                              {" "}
                              <a href={`mailto:${c.email}`}>{c.email}</a>
                            </>
                          ) : null}
                          {c.phone ? ` ${c.phone}` : ""}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data.can.manageAgencies && <AgencyForm {...props} />}
    </section>
  );
}

function AgencyForm(props: {
  data: PartnersAnswer;
  onChanged: (msg: string) => void;
  onUnauthorized: () => void;
}) {
  const id = useId();
  const empty = { id: "", name: "", kind: "community", contact: "", title: "", email: "" };
  const [v, setV] = useState(empty);
  const { busy, error, run } = useSubmit(props.onUnauthorized);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) =>
    setV((s) => ({ ...s, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run(() =>
      createAgency({
        id: v.id,
        name: v.name,
        kind: v.kind as never,
        contacts: v.contact ? [{ name: v.contact, title: v.title || null, email: v.email || null }] : [],
      }),
    );
    if (r) {
      setV(empty);
      props.onChanged(`Agency ${r.agency.id} added.`);
    }
  };
  return (
    <form className="partners-form no-print" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Add an agency</h3>
      <div className="partners-grid">
        <div className="field">
          <label htmlFor={`${id}-id`}>Code</label>
          <input id={`${id}-id`} value={v.id} onChange={set("id")} required maxLength={32} />
        </div>
        <div className="field wide">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={v.name} onChange={set("name")} required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={v.kind} onChange={set("kind")}>
            {props.data.vocabulary.agencyKinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-c`}>Liaison (optional)</label>
          <input id={`${id}-c`} value={v.contact} onChange={set("contact")} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-t`}>Liaison's title</label>
          <input id={`${id}-t`} value={v.title} onChange={set("title")} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-e`}>Liaison's email</label>
          <input id={`${id}-e`} type="email" value={v.email} onChange={set("email")} maxLength={200} />
        </div>
      </div>
      <ErrorBox error={error} title="Could not add the agency" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          Add agency
        </button>
      </div>
    </form>
  );
}
