/**
 * Sign in (`/login`): username and password; a wrong password or a lockout (429, with the wait from
 * Retry-After) is shown inline next to the form, and success goes to the CompStat page.
 */
import { type FormEvent, useId, useRef, useState } from "react";
import { ApiError, login, type Me } from "../api";

function message(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429) {
      const s = e.retryAfter;
      const wait =
        s === null ? "" : ` Try again in ${s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`}.`;
      return `Too many failed sign-ins.${wait}`;
    }
    if (e.status === 401) return "Wrong username or password.";
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export function LoginPage(props: { onSignedIn: (me: Me) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!username.trim() || !password) {
      setError("Enter your username and password.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await login(username.trim(), password));
    } catch (err) {
      setError(message(err));
      setPassword("");
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login" onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined} noValidate>
      <div className="field">
        <label htmlFor={`${id}-user`}>Username</label>
        <input
          id={`${id}-user`}
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-pass`}>Password</label>
        <input
          id={`${id}-pass`}
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          required
        />
      </div>
      <p className="problem" id={`${id}-error`} role="alert">
        {error ?? ""}
      </p>
      <div className="actions">
        <button type="submit" aria-disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </div>
    </form>
  );
}
