import type { PageProps } from "../page";

export function ActionsPage(_props: PageProps) {
  return <p>Coming in issue 7.</p>;
}
