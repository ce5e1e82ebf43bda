/** One sample of Prometheus' text format. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** What one scrape of `GET /metrics` returned, as Prometheus would read it. */
export interface Scrape {
  readonly text: string;
  /** Every metric the page declares (`# TYPE`), with samples or not yet. */
  readonly declared: ReadonlySet<string>;
  samples(name: string, labels?: Record<string, string>): MetricSample[];
  /** The one matching sample's value; 0 when the series does not exist yet (a counter never counted). */
  value(name: string, labels?: Record<string, string>): number;
}

/** Scrapes a metrics endpoint; throws unless it answers 200. */
export async function scrapeMetrics(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return parseMetrics(await response.text());
}

export function parseMetrics(text: string): Scrape {
  const line = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
  const all = text.split("\n").flatMap((row): MetricSample[] => {
    const match = line.exec(row);
    if (!match || row.startsWith("#")) return [];
    const labels = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [
        m[1] as string,
        m[2] as string,
      ]),
    );
    return [{ name: match[1] as string, labels, value: Number(match[3]) }];
  });
  const samples = (name: string, labels: Record<string, string> = {}) =>
    all.filter(
      (s) => s.name === name && Object.entries(labels).every(([key, wanted]) => s.labels[key] === wanted),
    );
  return {
    text,
    declared: new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string)),
    samples,
    value(name, labels = {}) {
      const found = samples(name, labels);
      if (found.length > 1)
        throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} series`);
      return found[0]?.value ?? 0;
    },
  };
}
