/** Every benchmark prints `<figure> <value> <unit>`, one per line, so runs can be compared. */
export function figure(name: string, value: number | string, unit: string): void {
  console.log(`${name} ${value} ${unit}`);
}

export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
