import { useQuery } from "@tanstack/react-query";
import { json, national, withSignal } from "./services.ts";

/**
 * The national picture from reporting in the national mode at the hub (`/api/national/…`, the
 * proxy's NATIONAL_URL). Read again every 5 s: it changes as the counties' links deliver, and the
 * age of each county's data is worth seeing grow while a link is silent.
 */
export function useNationalPicture() {
  return useQuery({
    queryKey: ["national-picture"],
    queryFn: ({ signal }) => json(national["national-picture"].$get(undefined, withSignal(signal))),
    refetchInterval: 5_000,
  });
}
