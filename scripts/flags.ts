/** A tiny `--name value` parser for our scripts: unknown flags and bad numbers are refused by name. */
export function parseFlags(argv: string[], spec: Record<string, 'string' | 'int'>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (!name || !(name in spec)) throw new Error(`unknown argument ${arg}; expected ${Object.keys(spec).map((k) => `--${k}`).join(', ')}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    if (spec[name] === 'int') {
      if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number (got "${value}")`);
      out[name] = Number(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}
