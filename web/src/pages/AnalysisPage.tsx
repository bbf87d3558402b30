import type { PageProps } from "../page";

export function AnalysisPage(_props: PageProps) {
  return <p>Coming in this issue.</p>;
}
