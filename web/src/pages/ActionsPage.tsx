/**
 * The actions page (`/actions`): the inbox first (the caller's agency, or every agency for review roles,
 * with overdue actions written out), then the list filtered from the address bar, each action opening to
 * its links and history with a form to update its status. Review roles also get the form to create one.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import { ActionFilters } from "../actions/ActionFilters";
import { ActionItem } from "../actions/ActionItem";
import { CreateActionForm } from "../actions/CreateActionForm";
import { InboxPanel } from "../actions/InboxPanel";
import { type ActionQuery, getActionInbox, getActions } from "../api-actions";
import { ErrorBox, Loading } from "../components/Status";
import type { PageProps } from "../page";
import { useLoad } from "../status/useLoad";
import "./ActionsPage.css";

const FILTER_KEYS = ["status", "agency", "type", "overdue"] as const;

export function ActionsPage(props: PageProps) {
  const { search, onUnauthorized } = props;
  const query = useMemo<ActionQuery>(() => {
    const p = new URLSearchParams(search);
    return Object.fromEntries(FILTER_KEYS.flatMap((k) => (p.get(k) ? [[k, p.get(k)]] : [])));
  }, [search]);
  const key = JSON.stringify(query);
  const list = useLoad((signal) => getActions(query, signal), key);
  const inbox = useLoad((signal) => getActionInbox(signal), "inbox");
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (list.error?.status === 401 || inbox.error?.status === 401) onUnauthorized();
  }, [list.error, inbox.error, onUnauthorized]);

  const { reload: reloadList } = list;
  const { reload: reloadInbox } = inbox;
  const onChanged = useCallback(
    (msg: string) => {
      setMessage(msg);
      reloadList();
      reloadInbox();
    },
    [reloadList, reloadInbox],
  );

  const data = list.data;
  const agencies = data?.canManage ? data.agencies : [];
  return (
    <div className="actions-page">
      <p className="sr-only" role="status" aria-live="polite">
        {message}
      </p>
      {message && (
        <p className="notice" aria-hidden="true">
          {message}
        </p>
      )}
      <Loading loading={inbox.loading && !inbox.data} what="the inbox" />
      <ErrorBox error={inbox.error} title="Could not load the inbox" />
      {inbox.data && <InboxPanel inbox={inbox.data} />}

      <h2>Actions</h2>
      <ActionFilters query={query} agencies={agencies} />
      <Loading loading={list.loading} what="actions" />
      <ErrorBox error={list.error} title="Could not load the actions" />
      {data && (
        <>
          <p className="asof">
            {data.actions.length} action{data.actions.length === 1 ? "" : "s"}; today is {data.today} in the
            city.
          </p>
          {data.actions.length === 0 ? (
            <p className="empty">No actions match.</p>
          ) : (
            <ul className="action-list" aria-busy={list.loading}>
              {data.actions.map((a) => (
                <ActionItem key={a.id} action={a} onChanged={onChanged} onUnauthorized={onUnauthorized} />
              ))}
            </ul>
          )}
          {data.canManage && (
            <CreateActionForm
              agencies={data.agencies}
              areas={data.areas}
              onCreated={(id, agency) => onChanged(`Action ${id} created for ${agency}.`)}
              onUnauthorized={onUnauthorized}
            />
          )}
        </>
      )}
    </div>
  );
}
