/**
 * The inbox: open work by status for the caller's agency (partners) or for every agency (review roles),
 * and the overdue actions themselves. Overdue is written out ("2 overdue"), never shown by colour alone.
 */
import type { ActionInboxAnswer } from "../api-actions";
import { Link } from "../router";

function daysLate(due: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
}

export function InboxPanel(props: { inbox: ActionInboxAnswer }) {
  const { inbox } = props;
  const title = inbox.scope === "all" ? "Inbox by agency" : `Inbox: ${inbox.agency ?? "no agency"}`;
  if (inbox.scope === "agency" && inbox.agency === null)
    return (
      <section className="action-inbox" aria-labelledby="inbox-h">
        <h2 id="inbox-h">{title}</h2>
        <p className="empty">
          Your account belongs to no agency or organisation, so no actions are assigned to you. An
          administrator can link your account to your organisation.
        </p>
      </section>
    );
  return (
    <section className="action-inbox" aria-labelledby="inbox-h">
      <h2 id="inbox-h">{title}</h2>
      <div className="table-scroll">
        <table className="inbox-table">
          <caption>
            Actions by status on {inbox.today} (the city's date). Overdue: not done or cancelled and due
            before today; they are also counted in their status.
          </caption>
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Open</th>
              <th scope="col">In progress</th>
              <th scope="col">Blocked</th>
              <th scope="col">Overdue</th>
              <th scope="col">Due this week</th>
              <th scope="col">Done</th>
            </tr>
          </thead>
          <tbody>
            {inbox.agencies.map((a) => (
              <tr key={a.agency} data-agency={a.agency}>
                <th scope="row">
                  <Link to={`/actions?agency=${encodeURIComponent(a.agency)}`}>{a.agency}</Link>
                </th>
                <td className="num">{a.open}</td>
                <td className="num">{a.inProgress}</td>
                <td className="num">{a.blocked}</td>
                <td className={a.overdue > 0 ? "num overdue-cell" : "num"}>
                  {a.overdue > 0 ? (
                    <Link to={`/actions?agency=${encodeURIComponent(a.agency)}&overdue=true`}>
                      {a.overdue} overdue
                    </Link>
                  ) : (
                    "0"
                  )}
                </td>
                <td className="num">{a.dueThisWeek}</td>
                <td className="num">{a.done}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {inbox.overdue.length > 0 && (
        <>
          <h3>Overdue ({inbox.overdue.length})</h3>
          <ul className="overdue-list">
            {inbox.overdue.map((a) => (
              <li key={a.id}>
                <span className="overdue-tag">Overdue {daysLate(a.due ?? inbox.today, inbox.today)} d</span>{" "}
                <Link to={`/actions?agency=${encodeURIComponent(a.agency)}&overdue=true#action-${a.id}`}>
                  #{a.id} {a.title}
                </Link>{" "}
                <span className="muted">
                  ({a.agency}, due {a.due})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
