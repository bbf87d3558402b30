/**
 * The writing side of the policies page (documents:write roles only): a new version of the chosen document
 * (its full text, prefilled with the latest version so an edit is a change, not a retype) and a new
 * document with its first version.
 */
import { type FormEvent, useEffect, useId, useState } from "react";
import { ApiError } from "../api";
import { addVersion, createDocument, getVersion } from "../api-meetings";
import { ErrorBox } from "../components/Status";

function useSubmit(run: () => Promise<void>) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "internal", String(err)));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function AddVersionForm(props: {
  documentId: number;
  latest: number;
  onAdded: (version: number) => void;
}) {
  const id = useId();
  const [body, setBody] = useState("");
  const [note, setNote] = useState("");
  useEffect(() => {
    const c = new AbortController();
    getVersion(props.documentId, props.latest, c.signal).then(
      (v) => setBody(v.body),
      () => undefined,
    );
    return () => c.abort();
  }, [props.documentId, props.latest]);
  const { error, busy, submit } = useSubmit(async () => {
    const v = await addVersion(props.documentId, { body, note: note || undefined });
    setNote("");
    props.onAdded(v.version);
  });
  return (
    <form className="document-form no-print" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Add version {props.latest + 1}</h2>
      <div className="field">
        <label htmlFor={`${id}-body`}>Text of the new version</label>
        <textarea
          id={`${id}-body`}
          rows={12}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          required
        />
        <p className="hint">
          Starts from version {props.latest}: edit it, and the redline will show what changed.
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`}>Note (optional)</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </div>
      <ErrorBox error={error} title="Could not add the version" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? "Saving…" : "Add the version"}
        </button>
      </div>
    </form>
  );
}

export function NewDocumentForm(props: { onCreated: (id: number) => void }) {
  const id = useId();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState("policy");
  const [body, setBody] = useState("");
  const { error, busy, submit } = useSubmit(async () => {
    const { document } = await createDocument({ title, kind, body });
    setTitle("");
    setBody("");
    props.onCreated(document.id);
  });
  return (
    <form className="document-form no-print" onSubmit={submit} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>New document</h2>
      <div className="document-form-row">
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={300}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="policy">Policy</option>
            <option value="procedure">Procedure</option>
            <option value="plan">Plan</option>
            <option value="other">Other</option>
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Text (version 1)</label>
        <textarea
          id={`${id}-body`}
          rows={8}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          required
        />
      </div>
      <ErrorBox error={error} title="Could not create the document" />
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? "Saving…" : "Create the document"}
        </button>
      </div>
    </form>
  );
}
