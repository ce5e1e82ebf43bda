import type { FullRegionalPicture } from "@krisstod/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

/**
 * Refetches a query whenever the live picture moves. The picture's feed carries every change as
 * an event (answers, offers, occupancy …), so a screen that shows a service's own, fuller answer
 * stays as live as the map without polling.
 */
export function useRefreshOnPicture(
  queryKey: readonly unknown[],
  picture: FullRegionalPicture | undefined,
): void {
  const queryClient = useQueryClient();
  const position = picture?.lastEventId;
  const key = JSON.stringify(queryKey);
  useEffect(() => {
    if (position === undefined) return;
    void queryClient.invalidateQueries({ queryKey: JSON.parse(key) as unknown[] });
  }, [key, position, queryClient]);
}
