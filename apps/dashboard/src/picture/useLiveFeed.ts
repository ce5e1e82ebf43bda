import { PictureChange, type RegionalPicture } from "@krisstod/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { queryKeys } from "../api/queryKeys.ts";
import { applyChange } from "./pictureCache.ts";

export type ConnectionState = "connecting" | "live" | "lost";

const firstRetryMs = 500;
const maxRetryMs = 5_000;

/**
 * Keeps the county's cached picture current from the reporting service's change stream, patching
 * the cache entry in place, one change at a time. Starts once the picture is loaded (`ready`), and
 * resumes from the position the cached picture reflects.
 *
 * We reconnect ourselves rather than leave it to EventSource: the browser gives up for good when a
 * reconnect gets an HTTP error (the dev proxy answers 5xx while the service is down), and a
 * reconnect of our own can name the position we actually hold.
 */
export function useLiveFeed(countyCode: string, ready: boolean): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>("connecting");

  useEffect(() => {
    if (!ready) return;
    const key = queryKeys.picture(countyCode);
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = firstRetryMs;

    const onChange = (event: MessageEvent<unknown>) => {
      const position = Number(event.lastEventId);
      const change =
        typeof event.data === "string" ? PictureChange.safeParse(safeJson(event.data)) : undefined;
      if (!Number.isSafeInteger(position) || !change?.success) {
        // A change we cannot read leaves the picture behind: load it whole once more.
        void queryClient.invalidateQueries({ queryKey: key });
        return;
      }
      queryClient.setQueryData<RegionalPicture>(key, (picture) =>
        picture ? applyChange(picture, position, change.data) : picture,
      );
    };

    const connect = () => {
      retryTimer = undefined;
      const lastEventId = queryClient.getQueryData<RegionalPicture>(key)?.lastEventId ?? 0;
      const next = new EventSource(api.pictureStreamUrl(countyCode, lastEventId));
      next.addEventListener("open", () => {
        retryMs = firstRetryMs;
        setState("live");
      });
      next.addEventListener("change", onChange);
      next.addEventListener("error", () => {
        next.close();
        setState("lost");
        scheduleReconnect();
      });
      source = next;
    };

    const scheduleReconnect = () => {
      if (retryTimer !== undefined) return;
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    };

    // Back on the network: try at once rather than wait out the backoff.
    const onOnline = () => {
      if (source?.readyState !== EventSource.CLOSED) return;
      clearTimeout(retryTimer);
      connect();
    };

    setState("connecting");
    connect();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [countyCode, ready, queryClient]);

  return state;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
