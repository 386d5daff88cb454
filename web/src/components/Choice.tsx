/** A labelled drop-down: an optional first entry for "no filter" (value ''), then the options as [value, label]. */
export function Choice({
  label,
  name,
  value,
  onChange,
  options,
  any,
}: {
  label: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [string, string])[];
  any?: string;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
