import type { PageProps } from "../page";

export function MeetingsPage(_props: PageProps) {
  return <p>Coming in issue 7.</p>;
}
