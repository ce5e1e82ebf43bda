import {
  type FullRegionalPicture,
  PictureChange,
  PictureSectionChange,
  servicePathPrefix,
} from "@krisstod/contracts";
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import type { EventSourceMessage } from "eventsource-parser";
import { useEffect, useState } from "react";
import { authorizedFetch } from "../api/client.ts";
import { queryKeys } from "../api/queryKeys.ts";
import { reporting } from "../api/services.ts";
import { openLiveStream, type StreamState } from "./eventStream.ts";
import { applyChange } from "./pictureCache.ts";

export type ConnectionState = StreamState;

/**
 * Keeps the county's cached picture current from the reporting service's change stream, patching
 * the cache entry in place, one change at a time. Starts once the picture is loaded (`ready`), and
 * resumes from the position the cached picture reflects, with the signed-in user's token.
 */
export function useLiveFeed(countyCode: string, ready: boolean): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>("connecting");

  useEffect(() => {
    if (!ready) return;
    const key = queryKeys.picture(countyCode);
    return openLiveStream({
      // Read by eventStream.ts (with the token and Last-Event-ID), not by the typed client.
      url: `${servicePathPrefix("reporting")}${reporting.stream.$path({ query: { county: countyCode } })}`,
      fetch: authorizedFetch,
      lastEventId: () => queryClient.getQueryData<FullRegionalPicture>(key)?.lastEventId ?? 0,
      onEvent: (message) => applyMessage(queryClient, key, message),
      onState: setState,
    });
  }, [countyCode, ready, queryClient]);

  return state;
}

function applyMessage(queryClient: QueryClient, key: readonly unknown[], message: EventSourceMessage): void {
  const position = Number(message.id);
  const change = parseChange(message);
  if (!Number.isSafeInteger(position) || !change || change.kind === "picture.rebuilt") {
    // A rebuilt projection, or a change we cannot read: the picture is behind, load it whole.
    void queryClient.invalidateQueries({ queryKey: key });
    return;
  }
  queryClient.setQueryData<FullRegionalPicture>(key, (picture) =>
    picture ? applyChange(picture, position, change) : picture,
  );
}

function parseChange(message: EventSourceMessage): PictureChange | PictureSectionChange | undefined {
  const json = safeJson(message.data);
  const schema = message.event === "change" ? PictureChange : PictureSectionChange;
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
