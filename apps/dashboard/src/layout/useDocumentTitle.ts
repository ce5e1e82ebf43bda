import { useEffect } from "react";

/** Names the browser tab after the screen shown (WCAG 2.4.2): a screen reader says it on arrival. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
