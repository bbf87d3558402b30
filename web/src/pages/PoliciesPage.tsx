import type { PageProps } from "../page";

export function PoliciesPage(_props: PageProps) {
  return <p>Coming in issue 7.</p>;
}
