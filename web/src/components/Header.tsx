/** The header: the product name, the pages the caller may open, and who is signed in with a sign-out button. */
import type { Me } from "../api";
import { Link } from "../router";

const REVIEW = ["admin", "analyst", "commander"];
/** The pages each role sees in the navigation (the server checks every request again). */
const PAGES: readonly (readonly [string, string, readonly string[] | null])[] = [
  ["/", "CompStat", null],
  ["/map", "Map", null],
  ["/analysis", "Place analysis", REVIEW],
  ["/review", "Shoot review", REVIEW],
  ["/actions", "Actions", null],
  ["/meetings", "Meetings", null],
  ["/partners", "Partnership", null],
  ["/policies", "Policies", null],
  ["/goals", "Goals", null],
  ["/status", "Data status", null],
];

export function Header(props: { path: string; me: Me | null; onSignOut: () => void }) {
  const { path, me } = props;
  const signedIn = me?.username != null;
  return (
    <header className="site-header">
      <Link to={signedIn ? "/" : "/public"} className="brand">
        PeaceStat
      </Link>
      <nav aria-label="Main" className="no-print">
        <ul>
          {signedIn &&
            PAGES.filter(([, , roles]) => roles === null || roles.includes(me.role)).map(([to, label]) => (
              <li key={to}>
                <Link to={to} current={path === to}>
                  {label}
                </Link>
              </li>
            ))}
          <li>
            <Link to="/public" current={path === "/public"}>
              Public view
            </Link>
          </li>
        </ul>
      </nav>
      <div className="who no-print">
        {signedIn ? (
          <>
            <span>
              Signed in as <strong>{me.username}</strong> ({me.role}
              {me.agency ? `, ${me.agency}` : ""})
            </span>
            <button type="button" className="secondary" onClick={props.onSignOut}>
              Sign out
            </button>
          </>
        ) : (
          path !== "/login" && <Link to="/login">Sign in</Link>
        )}
      </div>
    </header>
  );
}
