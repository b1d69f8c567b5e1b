import Link from "next/link";

export default function LeadNotFound() {
  return (
    <>
      <h1>Lead not found</h1>
      <p className="muted">This lead does not exist, or it was deleted.</p>
      <p>
        <Link href="/leads">← Back to all leads</Link>
      </p>
    </>
  );
}
