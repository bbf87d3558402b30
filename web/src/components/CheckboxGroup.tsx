/** A fieldset of checkboxes with a legend, an optional hint and an inline problem, all tied by aria. */
import { useId } from "react";
import { toggle } from "../filters";

export function CheckboxGroup(props: {
  legend: string;
  options: readonly { id: string; label: string }[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  hint?: string;
  problem?: string | undefined;
  className?: string;
}) {
  const base = useId();
  const order = props.options.map((o) => o.id);
  const described = [props.hint ? `${base}-hint` : "", props.problem ? `${base}-problem` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset
      className={`checks ${props.className ?? ""}`}
      aria-describedby={described || undefined}
      aria-invalid={props.problem ? true : undefined}
    >
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o.id}>
          <input
            type="checkbox"
            value={o.id}
            checked={props.value.includes(o.id)}
            onChange={(e) => props.onChange(toggle(props.value, o.id, e.currentTarget.checked, order))}
          />{" "}
          {o.label}
        </label>
      ))}
      {props.hint && (
        <p className="hint" id={`${base}-hint`}>
          {props.hint}
        </p>
      )}
      {props.problem && (
        <p className="problem" id={`${base}-problem`}>
          {props.problem}
        </p>
      )}
    </fieldset>
  );
}
