/**
 * The shell: who is signed in (GET /api/me on load), the header with navigation and sign-out, and the
 * routes: `/login`, `/` (CompStat, signed in) and `/public` (anyone). Each page change moves focus to the
 * page's heading, so keyboard and screen-reader users land on the new content.
 */
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { type ApiError, getMe, logout, type Me } from "./api";
import { Header } from "./components/Header";
import { ErrorBox } from "./components/Status";
import { CompStatPage } from "./pages/CompStatPage";
import { LoginPage } from "./pages/LoginPage";
import { PublicPage } from "./pages/PublicPage";
import { navigate, useLocation } from "./router";

// The pages after the first are loaded when opened: the map library and the charts stay out of the
// bundle the CompStat page waits for.
const MapPage = lazy(() => import("./pages/MapPage").then((m) => ({ default: m.MapPage })));
const AnalysisPage = lazy(() => import("./pages/AnalysisPage").then((m) => ({ default: m.AnalysisPage })));
const GoalsPage = lazy(() => import("./pages/GoalsPage").then((m) => ({ default: m.GoalsPage })));
const StatusPage = lazy(() => import("./pages/StatusPage").then((m) => ({ default: m.StatusPage })));
const ReviewPage = lazy(() => import("./pages/ReviewPage").then((m) => ({ default: m.ReviewPage })));
const ActionsPage = lazy(() => import("./pages/ActionsPage").then((m) => ({ default: m.ActionsPage })));
const MeetingsPage = lazy(() => import("./pages/MeetingsPage").then((m) => ({ default: m.MeetingsPage })));
const PoliciesPage = lazy(() => import("./pages/PoliciesPage").then((m) => ({ default: m.PoliciesPage })));
const PartnersPage = lazy(() => import("./pages/PartnersPage").then((m) => ({ default: m.PartnersPage })));

type Session = { state: "loading" } | { state: "ready"; me: Me } | { state: "failed"; error: ApiError };

const TITLES: Record<string, string> = {
  "/": "CompStat",
  "/map": "Map",
  "/analysis": "Place analysis",
  "/goals": "Goals",
  "/status": "Data status",
  "/review": "Shoot review",
  "/actions": "Actions",
  "/meetings": "Meetings",
  "/policies": "Policies",
  "/partners": "Partnership",
  "/login": "Sign in",
  "/public": "Public CompStat",
};

/** Pages behind the sign-in; each gets the query string, the caller, and what to do on a 401. */
const SIGNED_IN_PAGES = new Set([
  "/",
  "/map",
  "/analysis",
  "/goals",
  "/status",
  "/review",
  "/actions",
  "/meetings",
  "/policies",
  "/partners",
]);

export function App() {
  const location = useLocation();
  const [path = "/", query = ""] = location.split("?");
  const search = query ? `?${query}` : "";
  const [session, setSession] = useState<Session>({ state: "loading" });
  const heading = useRef<HTMLHeadingElement>(null);
  const shownTitle = useRef<string | null>(null);

  useEffect(() => {
    getMe().then(
      (me) => setSession({ state: "ready", me }),
      (error: ApiError) => setSession({ state: "failed", error }),
    );
  }, []);

  const signedIn = session.state === "ready" && session.me.username !== null;

  // Routes that need a session (or must not have one) redirect once the session is known.
  useEffect(() => {
    if (session.state !== "ready") return;
    if (SIGNED_IN_PAGES.has(path) && !signedIn) navigate("/login", { replace: true });
    else if (path === "/login" && signedIn) navigate("/", { replace: true });
  }, [session, signedIn, path]);

  const title = TITLES[path] ?? "Not found";
  useEffect(() => {
    document.title = `${title} · PeaceStat`;
    // Not on the first page shown (the browser starts at the top), but on every change after it.
    if (shownTitle.current !== null && shownTitle.current !== title) heading.current?.focus();
    shownTitle.current = title;
  }, [title]);

  const onSignedIn = useCallback((me: Me) => {
    setSession({ state: "ready", me });
    navigate("/", { replace: true });
  }, []);
  const onSignedOut = useCallback(() => {
    setSession({ state: "ready", me: { username: null, role: "public", agency: null, csrfToken: null } });
    navigate("/login");
  }, []);
  const signOut = useCallback(async () => {
    // Signed out here even if the server cannot be reached: the session ends at the latest in 12 h.
    await logout().catch(() => undefined);
    onSignedOut();
  }, [onSignedOut]);

  let page: ReactNode = null;
  if (session.state === "failed" && path !== "/public") {
    page = <ErrorBox error={session.error} title="Cannot reach the server" />;
  } else if (path === "/public") page = <PublicPage />;
  else if (session.state !== "ready") page = null;
  else if (path === "/login" && !signedIn) page = <LoginPage onSignedIn={onSignedIn} />;
  else if (signedIn && SIGNED_IN_PAGES.has(path)) {
    const p = { search, me: session.me, onUnauthorized: onSignedOut };
    if (path === "/") page = <CompStatPage {...p} />;
    else if (path === "/map") page = <MapPage {...p} />;
    else if (path === "/analysis") page = <AnalysisPage {...p} />;
    else if (path === "/goals") page = <GoalsPage {...p} />;
    else if (path === "/review") page = <ReviewPage {...p} />;
    else if (path === "/actions") page = <ActionsPage {...p} />;
    else if (path === "/meetings") page = <MeetingsPage {...p} />;
    else if (path === "/policies") page = <PoliciesPage {...p} />;
    else if (path === "/partners") page = <PartnersPage {...p} />;
    else page = <StatusPage {...p} />;
  } else if (!(path in TITLES)) page = <p>No page at {path}.</p>;

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header path={path} me={session.state === "ready" ? session.me : null} onSignOut={signOut} />
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <Suspense fallback={<p className="loading">Loading the page…</p>}>{page}</Suspense>
      </main>
    </>
  );
}
