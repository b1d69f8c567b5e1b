import Link from "next/link";
import { getPrisma } from "@/lib/db";
import { formatTimestamp } from "@/lib/format";
import { HEALTH_DAYS, healthCounts, syncsPerDay, type DayCounts } from "@/lib/sync-log/health";
import { StreamedCard } from "@/app/ui/streamed-card";
import "../operations.css";

/** Sync health at a glance: counts by state and a chart of runs per day. Streams in after the list. */
export function HealthPanel() {
  return (
    <StreamedCard title="Sync health" loadingTestId="health-loading">
      <HealthPanelLoader />
    </StreamedCard>
  );
}

async function HealthPanelLoader() {
  const prisma = getPrisma();
  const [counts, days] = await Promise.all([healthCounts(prisma), syncsPerDay(prisma)]);
  const items: [string, number, string, string][] = [
    ["Synced", counts.synced, "health-synced", ""],
    ["Failed", counts.failed, "health-failed", "/syncs?outcome=failed"],
    ["Running", counts.running, "health-running", "/syncs?outcome=running"],
    ["Never synced", counts.neverSynced, "health-never", ""],
    ["Changed since last sync", counts.changed, "health-changed", ""],
  ];
  return (
    <section className="card" aria-labelledby="health-heading" data-testid="health-panel">
      <h2 id="health-heading">Sync health</h2>
      <dl className="health-counts">
        {items.map(([label, n, testId, href]) => (
          <div key={testId}>
            <dt>{href ? <Link href={href}>{label}</Link> : label}</dt>
            <dd data-testid={testId}>{n.toLocaleString("en-US")}</dd>
          </div>
        ))}
      </dl>
      <p className="small muted">“Changed” checked {formatTimestamp(counts.changedCheckedAt)}.</p>
      <SyncsPerDayChart days={days} />
    </section>
  );
}

const COLORS = { synced: "#17713a", failed: "#b42318", running: "#c48a00" } as const;
const W = 600;
const H = 170;
const PAD = { left: 30, right: 6, top: 8, bottom: 22 };

/** Stacked bars of runs per day by outcome, as plain SVG rendered on the server (no chart library, no script). */
export function SyncsPerDayChart({ days }: { days: DayCounts[] }) {
  const max = Math.max(1, ...days.map((d) => d.synced + d.failed + d.running));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / days.length;
  const barW = Math.max(2, slot * 0.7);
  const y = (n: number) => (n / max) * plotH;
  const sum = (k: "synced" | "failed" | "running") => days.reduce((s, d) => s + d[k], 0);
  const total = sum("synced") + sum("failed") + sum("running");
  return (
    <figure className="health-chart" data-testid="health-chart">
      {/* Right-to-left scroll box: on a narrow screen the chart starts scrolled to today. */}
      <div className="chart-scroll">
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-title chart-desc">
          <title id="chart-title">{`Sync runs per day, last ${HEALTH_DAYS} days`}</title>
          <desc id="chart-desc">{`${total} runs: ${sum("synced")} synced, ${sum("failed")} failed, ${sum("running")} running.`}</desc>
          <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} stroke="#c3c9d0" />
          <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top} y2={PAD.top} stroke="#eef0f3" />
          <text x={PAD.left - 4} y={PAD.top + 4} fontSize="10" textAnchor="end" fill="#59636e">
            {max}
          </text>
          <text x={PAD.left - 4} y={PAD.top + plotH} fontSize="10" textAnchor="end" fill="#59636e">
            0
          </text>
          {days.map((d, i) => {
            const x = PAD.left + i * slot + (slot - barW) / 2;
            let base = PAD.top + plotH;
            const segments = (["synced", "failed", "running"] as const).map((k) => {
              const h = y(d[k]);
              base -= h;
              return h > 0 ? <rect key={k} x={x} y={base} width={barW} height={h} fill={COLORS[k]} data-outcome={k} /> : null;
            });
            return (
              <g
                key={d.day}
                data-testid="chart-day"
                data-day={d.day}
                data-synced={d.synced}
                data-failed={d.failed}
                data-running={d.running}
              >
                <title>{`${d.day}: ${d.synced} synced, ${d.failed} failed, ${d.running} running`}</title>
                {segments}
                {(days.length - 1 - i) % 7 === 0 ? (
                  <text x={x + barW / 2} y={H - 6} fontSize="10" textAnchor="middle" fill="#59636e">
                    {d.day.slice(5)}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <ul className="chart-legend">
        {(["synced", "failed", "running"] as const).map((k) => (
          <li key={k}>
            <span style={{ background: COLORS[k] }} />
            {k}
          </li>
        ))}
      </ul>
    </figure>
  );
}
