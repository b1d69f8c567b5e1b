/** A compact table with a header row of column names; the rows come as children. */
export function MiniTable({ columns, className, children }: { columns: string[]; className?: string; children: React.ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={className ? `mini ${className}` : "mini"}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
