import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { SessionControls } from "./sign-out-form";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "leadsync", template: "%s · leadsync" },
  description: "Your leads, one click from Attio.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/leads" className="brand">
            leadsync
          </Link>
          <nav aria-label="Main">
            <Link href="/leads">Leads</Link>
            <Link href="/leads/new">Add lead</Link>
            <Link href="/leads/import">Import CSV</Link>
            <Link href="/settings">Settings</Link>
            <Link href="/syncs">Sync log</Link>
          </nav>
          <SessionControls />
        </header>
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
