import type { PageProps } from "../page";

export function StatusPage(_props: PageProps) {
  return <p>Coming in this issue.</p>;
}
