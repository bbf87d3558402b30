import type { PageProps } from "../page";

export function ReviewPage(_props: PageProps) {
  return <p>Coming in issue 7.</p>;
}
