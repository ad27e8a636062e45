/** A column header; `{ hidden }` is announced to screen readers but not shown (an actions column). */
export type Column = string | { hidden: string };

/** The header row of a data table: one place for the markup and `scope="col"` of every table. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th scope="col" key={c}>
              {c}
            </th>
          ) : (
            <th scope="col" key={c.hidden}>
              <span className="visually-hidden">{c.hidden}</span>
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
