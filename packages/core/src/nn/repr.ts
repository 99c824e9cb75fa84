// Formatting of settings in Module.toString(), e.g. "kernelSize=[3, 3], padding='same'".

/** A setting's value as toString() shows it. */
export type ReprValue = number | string | boolean | null | readonly number[];

/** Formats settings as `name=value` pairs; positional values (name '') print bare. */
export function formatSettings(settings: readonly (readonly [string, ReprValue])[]): string {
  return settings.map(([name, v]) => (name === '' ? show(v) : `${name}=${show(v)}`)).join(', ');
}

function show(v: ReprValue): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return String(v);
}
