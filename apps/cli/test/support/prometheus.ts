/** Reading Prometheus' text format in tests. */

/** The value of every sample of `name` summed over its labels. */
export function total(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}
