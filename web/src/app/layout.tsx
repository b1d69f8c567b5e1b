import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "leadsync", template: "%s · leadsync" },
  description: "Your leads, one click from Attio.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="topbar">
          <Link href="/leads" className="brand">leadsync</Link>
          <nav aria-label="Main">
            <Link href="/leads">Leads</Link>
          </nav>
        </header>
        <main id="main" className="container">{children}</main>
      </body>
    </html>
  );
}
