import type { PageProps } from "../page";

export function GoalsPage(_props: PageProps) {
  return <p>Coming in this issue.</p>;
}
