/**
 * Markdown -> plaintext for `content_plaintext` (docs/attio-api.md section 5). Attio's exact rendering is
 * unverified; this follows the two examples we have: heading/bullet markers and inline styling are
 * removed, and blank lines disappear (the OpenAPI example joins paragraphs with a single "\n").
 */

function stripInline(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1") // images (Attio drops them; keep the alt text)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links keep their text
    .replace(/`([^`]*)`/g, "$1")
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/__(.+?)__/g, "$1")
    .replace(/~~(.+?)~~/g, "$1")
    .replace(/==(.+?)==/g, "$1")
    .replace(/(^|[^\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)/g, "$1$2")
    .replace(/(^|[^\w])_(?!\s)(.+?)(?<!\s)_(?!\w)/g, "$1$2")
    .replace(/\\([\\`*_{}[\]()#+\-.!~=>|])/g, "$1");
}

export function markdownToPlaintext(md: string): string {
  const out: string[] = [];
  for (const raw of md.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*```/.test(raw)) continue; // code fences: keep the code, drop the fence
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(raw)) continue; // horizontal rules
    let line = raw
      .replace(/^\s{0,3}#{1,6}\s+/, "")
      .replace(/^\s*>\s?/, "")
      .replace(/^\s*[-*+]\s+(\[[ xX]\]\s+)?/, "");
    line = stripInline(line);
    if (line.trim() === "") continue;
    out.push(line);
  }
  return out.join("\n");
}
