import { useId, useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { organisationName } from "../geo/organisations.ts";
import { useMunicipalities } from "../geo/useMunicipalities.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { TableScroll } from "../layout/TableScroll.tsx";
import { CountyLessons } from "../statistics/CountyLessons.tsx";
import { useStatistics } from "../statistics/useStatistics.ts";

/** The yearly charts: activations per month and per organisation, and the figures as a table. */
export default function StatisticsScreen({ countyCode }: { countyCode: string }) {
  const { messages } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const statistics = useStatistics(countyCode, year);
  const { nameByCode } = useMunicipalities();
  const yearId = useId();
  const tableId = useId();
  const organisations = statistics.data?.organisations ?? [];

  const byMonth = useMemo(
    () =>
      messages.statistics.months.map((month, i) => ({
        month,
        total: organisations.reduce((sum, o) => sum + (o.activationsByMonth[i] ?? 0), 0),
      })),
    [organisations, messages.statistics.months],
  );
  const byOrganisation = useMemo(
    () =>
      organisations.map((o) => ({
        name: organisationName(o.organisationId, nameByCode),
        posom: o.activations.posom,
        pkl: o.activations.pkl,
      })),
    [organisations, nameByCode],
  );
  const none = statistics.isSuccess && organisations.every((o) => o.activations.total === 0);

  return (
    <main className="screen">
      <h2>{messages.statistics.heading(year)}</h2>
      <label htmlFor={yearId}>{messages.statistics.year}</label>{" "}
      <select id={yearId} value={year} onChange={(e) => setYear(Number(e.target.value))}>
        {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
      {statistics.isError && <p role="alert">{messages.statistics.failed}</p>}
      {none && <p>{messages.statistics.noData}</p>}
      {statistics.isSuccess && (
        <div className="charts">
          <figure>
            <figcaption>{messages.statistics.activationsByMonth}</figcaption>
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={byMonth} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="total" name={messages.nav.activation} fill="#1f4e79" />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure>
            <figcaption>{messages.statistics.activationsByOrganisation}</figcaption>
            <ResponsiveContainer width="100%" height={240}>
              <BarChart data={byOrganisation} accessibilityLayer>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey="posom" stackId="a" name={messages.statistics.posom} fill="#1f4e79" />
                <Bar dataKey="pkl" stackId="a" name={messages.statistics.pkl} fill="#b28600" />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <TableScroll labelledBy={tableId}>
            <table>
              <caption id={tableId}>{messages.statistics.table}</caption>
              <thead>
                <tr>
                  <th scope="col">{messages.overview.organisation}</th>
                  <th scope="col">{messages.statistics.posom}</th>
                  <th scope="col">{messages.statistics.pkl}</th>
                  <th scope="col">{messages.statistics.peopleDeployed}</th>
                  <th scope="col">{messages.statistics.hours}</th>
                  <th scope="col">{messages.statistics.costs}</th>
                  <th scope="col">{messages.statistics.visitors}</th>
                </tr>
              </thead>
              <tbody>
                {organisations.map((o) => (
                  <tr key={o.organisationId}>
                    <th scope="row">{organisationName(o.organisationId, nameByCode)}</th>
                    <td>{o.activations.posom}</td>
                    <td>{o.activations.pkl}</td>
                    <td>{o.peopleDeployed}</td>
                    <td>{o.hours.toLocaleString(messages.locale)}</td>
                    <td>{o.costsSek.total.toLocaleString(messages.locale)}</td>
                    <td>{o.visitors}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
      <CountyLessons countyCode={countyCode} />
    </main>
  );
}
