import { denyUnauthenticated } from "@/lib/auth/guard";
import { CSV_TEMPLATE_HEADER } from "@/lib/leads/csv-import";

/** A CSV template with the expected header and one example row, to fill in a spreadsheet. */
export async function GET(request: Request) {
  const denied = await denyUnauthenticated(request);
  if (denied) return denied;
  const example =
    'Ada Lovelace,VP Revenue Operations,Northwind Analytics,northwind-analytics.io,ada@northwind-analytics.io,https://www.linkedin.com/in/ada-lovelace,87,"Series B; Hiring SDRs"';
  return new Response(`${CSV_TEMPLATE_HEADER}\r\n${example}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="leadsync-leads-template.csv"',
    },
  });
}
