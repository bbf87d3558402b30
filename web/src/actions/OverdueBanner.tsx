/**
 * "N overdue actions", linking to the overdue list: for the CompStat page (or any page) of roles that see
 * actions. Renders nothing while loading, on an error, for roles without actions, or when none is overdue.
 */
import { useEffect, useState } from "react";
import { getActionInbox } from "../api-actions";
import { Link } from "../router";
import "./OverdueBanner.css";

/** Roles that see actions (actions:manage or actions:write-own). */
const ACTION_ROLES = new Set(["admin", "analyst", "commander", "partner", "community"]);

export function OverdueBanner(props: { role: string }) {
  const [count, setCount] = useState<number | null>(null);
  const shown = ACTION_ROLES.has(props.role);
  useEffect(() => {
    if (!shown) return;
    const controller = new AbortController();
    getActionInbox(controller.signal).then(
      (inbox) => setCount(inbox.agencies.reduce((s, a) => s + a.overdue, 0)),
      () => setCount(null),
    );
    return () => controller.abort();
  }, [shown]);
  if (!shown || !count) return null;
  return (
    <p className="overdue-banner">
      <Link to="/actions?overdue=true">
        {count} overdue action{count === 1 ? "" : "s"}
      </Link>
    </p>
  );
}
