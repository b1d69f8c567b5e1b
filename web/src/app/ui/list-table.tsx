/** A header cell: `name` keys it and is its text unless `label` gives markup; `className` hides or aligns the column. */
export interface ListColumn {
  name: string;
  label?: React.ReactNode;
  className?: string;
}

/**
 * A full-width list of records: a caption for screen readers, a header row, the rows as children,
 * and `empty` across every column in place of rows (null while there are rows).
 */
export function ListTable({
  className,
  testId,
  caption,
  columns,
  empty,
  children,
}: {
  className: string;
  testId?: string;
  caption: string;
  columns: ListColumn[];
  empty: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className} data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.name} scope="col" className={c.className}>
                {c.label ?? c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {children}
          {empty ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
