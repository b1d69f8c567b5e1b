import { Suspense } from "react";

/**
 * A card that streams in behind a Suspense boundary, so the page around it never waits for its data;
 * until then it shows its heading and "Loading…".
 */
export function StreamedCard({ title, loadingTestId, children }: { title: string; loadingTestId: string; children: React.ReactNode }) {
  return (
    <Suspense
      fallback={
        <section className="card" aria-busy="true" data-testid={loadingTestId}>
          <h2>{title}</h2>
          <p className="muted">Loading…</p>
        </section>
      }
    >
      {children}
    </Suspense>
  );
}
