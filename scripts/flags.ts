/** A flag's kind: text, or a whole number within [min, max]. */
export type FlagSpec = 'string' | { int: readonly [min: number, max: number] };

/** A tiny `--name value` parser for our scripts: unknown flags and bad or out-of-range numbers are refused by name. */
export function parseFlags(argv: string[], spec: Record<string, FlagSpec>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (!name || !(name in spec)) throw new Error(`unknown argument ${arg}; expected ${Object.keys(spec).map((k) => `--${k}`).join(', ')}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    const kind = spec[name];
    if (kind !== 'string') {
      const [min, max] = kind.int;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw new Error(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      }
      out[name] = Number(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}
