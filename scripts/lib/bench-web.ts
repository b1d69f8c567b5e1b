import { startNextServer, type NextServer } from "./next-server";

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
export const round = (x: number) => Math.round(x * 100) / 100;

export type Server = NextServer;

export const startNext = (env: Record<string, string>): Promise<Server> => startNextServer(env, { stderr: "inherit" });

/** SIGTERM now; the server's own stop() escalates to SIGKILL if it lingers. */
export function stopNext(server: Server | undefined): void {
  void server?.stop();
}

/** Milliseconds from sending the request to the last byte of the streamed page. */
async function timedGet(url: string, marker: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { accept: "text/html" } });
  const body = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200 || !body.includes(marker)) throw new Error(`GET ${url} answered ${res.status}`);
  return ms;
}

/** Times `path` on both servers, alternating which goes first in each round. */
/** `marker`: text the page must contain, so an error page is never timed as a fast answer. */
export async function measurePair(small: Server, large: Server, pathname: string, requests: number, warmup: number, marker: string) {
  for (let i = 0; i < warmup; i++) {
    await timedGet(small.url + pathname, marker);
    await timedGet(large.url + pathname, marker);
  }
  const s: number[] = [];
  const l: number[] = [];
  for (let i = 0; i < requests; i++) {
    if (i % 2 === 0) {
      s.push(await timedGet(small.url + pathname, marker));
      l.push(await timedGet(large.url + pathname, marker));
    } else {
      l.push(await timedGet(large.url + pathname, marker));
      s.push(await timedGet(small.url + pathname, marker));
    }
  }
  const small50 = percentile(s, 50);
  const large50 = percentile(l, 50);
  return {
    p50_ms: { small: round(small50), large: round(large50) },
    p95_ms: { small: round(percentile(s, 95)), large: round(percentile(l, 95)) },
    ratio_p50: round(large50 / small50),
  };
}

export async function timeInProcess(fn: () => Promise<unknown>, runs = 200): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return round(percentile(samples, 50));
}
