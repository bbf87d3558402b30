import type { PageProps } from "../page";

export function MapPage(_props: PageProps) {
  return <p>Coming in this issue.</p>;
}
