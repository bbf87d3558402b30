import type { Me } from "./api";

/** What every signed-in page gets from the shell. */
export interface PageProps {
  /** The query string, with its "?" (or empty): pages keep their filters in the address bar. */
  readonly search: string;
  /** The signed-in caller (role, agency). */
  readonly me: Me;
  /** Call on a 401 answer: the session ended, the shell returns to the sign-in page. */
  readonly onUnauthorized: () => void;
}
