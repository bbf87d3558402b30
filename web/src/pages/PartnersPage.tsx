import type { PageProps } from "../page";

export function PartnersPage(_props: PageProps) {
  return <p>Coming in issue 7.</p>;
}
