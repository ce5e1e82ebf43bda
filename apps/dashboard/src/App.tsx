import { CountyDashboard } from "./CountyDashboard.tsx";
import { config } from "./config.ts";

export function App() {
  return <CountyDashboard countyCode={config.VITE_COUNTY_CODE} />;
}
