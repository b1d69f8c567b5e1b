import Link from "next/link";

/** A pager link, or the same label as a disabled placeholder (no `href`) so the pager never jumps around. */
export function PagerLink({ href, label, rel, testId }: { href: string | null; label: string; rel?: string; testId?: string }) {
  if (!href)
    return (
      <span className="button disabled" aria-disabled="true">
        {label}
      </span>
    );
  return (
    <Link className="button" href={href} rel={rel} data-testid={testId}>
      {label}
    </Link>
  );
}
