import Link from "next/link";

/** Settings pages share this frame; a new section adds a page folder and a link here. */
const SECTIONS = [
  { href: "/settings/attio", label: "Attio CRM" },
  { href: "/settings/fields", label: "Field policy" },
];

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="settings">
      <nav aria-label="Settings" className="settings-nav">
        <p className="settings-title">Settings</p>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.href}>
              <Link href={s.href}>{s.label}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-body">{children}</div>
    </div>
  );
}
