/**
 * A redline as text: insertions underlined inside <ins>, deletions struck through inside <del>, with a
 * legend in words and a hidden "inserted:"/"deleted:" cue for screen readers (most do not announce the
 * elements themselves), so the change never rests on colour alone. It prints as it shows.
 */
import type { Redline } from "../api-meetings";

export function RedlineView(props: { redline: Redline }) {
  const { redline } = props;
  const inserted = redline.segments.filter((s) => s.op === "insert").length;
  const deleted = redline.segments.filter((s) => s.op === "delete").length;
  return (
    <figure className="redline-figure">
      <figcaption>
        <strong>
          {redline.title}: version {redline.from.version} to version {redline.to.version}
        </strong>
        <span className="redline-counts">
          {" "}
          ({inserted} insertion{inserted === 1 ? "" : "s"}, {deleted} deletion{deleted === 1 ? "" : "s"},{" "}
          {redline.edits} word and punctuation change{redline.edits === 1 ? "" : "s"})
        </span>
        <p className="legend">
          Legend: <ins>underlined text</ins> was inserted in version {redline.to.version};{" "}
          <del>struck-through text</del> was deleted from version {redline.from.version}; plain text is
          unchanged.
        </p>
      </figcaption>
      <div className="redline">
        {redline.segments.map((s, i) => {
          const key = `${i}-${s.op}`;
          if (s.op === "insert")
            return (
              <ins key={key}>
                <span className="sr-only">[inserted: </span>
                {s.text}
                <span className="sr-only">]</span>
              </ins>
            );
          if (s.op === "delete")
            return (
              <del key={key}>
                <span className="sr-only">[deleted: </span>
                {s.text}
                <span className="sr-only">]</span>
              </del>
            );
          return <span key={key}>{s.text}</span>;
        })}
      </div>
    </figure>
  );
}
