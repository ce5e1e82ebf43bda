import type { ReactNode } from "react";
import { errorText } from "../api/errors.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { TableScroll } from "./TableScroll.tsx";

/** A column's header: its text, or a name only screen readers hear (a column of buttons). */
export type Column = string | { hidden: string };

/** Where a table's rows come from: while it loads, fails or finds none, a line says so instead. */
export interface RowsStatus {
  query: { isPending: boolean; isError: boolean; isSuccess: boolean; error: unknown };
  rows: number;
  /** Said when the query found no rows. */
  empty: string;
  /** Said while it loads; nothing when left out. */
  loading?: string;
}

/**
 * A table of the screen's rows: the lines that say it is loading, failed or empty, else the table
 * with its column headers, scrolling sideways on a phone (TableScroll). Named by `labelledBy`: the
 * id of a heading outside, or of its own caption when `caption` is given.
 */
export function DataTable({
  labelledBy,
  caption,
  className,
  columns,
  status,
  children,
}: {
  labelledBy: string;
  caption?: ReactNode;
  className?: string;
  columns: readonly Column[];
  status?: RowsStatus;
  /** The rows (`<tr>`s) of the body. */
  children: ReactNode;
}) {
  const { messages } = useI18n();
  const query = status?.query;
  return (
    <>
      {status?.loading && query?.isPending && <p>{status.loading}</p>}
      {query?.isError && <p role="alert">{errorText(query.error, messages.work.problems)}</p>}
      {query?.isSuccess && status?.rows === 0 && <p>{status.empty}</p>}
      {(!status || status.rows > 0) && (
        <TableScroll labelledBy={labelledBy}>
          <table className={className} aria-labelledby={labelledBy}>
            {caption && <caption id={labelledBy}>{caption}</caption>}
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={typeof column === "string" ? column : column.hidden}>
                    {typeof column === "string" ? (
                      column
                    ) : (
                      <span className="visually-hidden">{column.hidden}</span>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
