import type { ReactNode } from "react";

/**
 * Holds a table that may be wider than a phone's screen: it scrolls sideways in here. The region
 * (a section named like its table) takes the keyboard focus so that the arrow keys can scroll it
 * (WCAG 2.1.1; axe's scrollable-region-focusable found it unreachable at 375 px).
 */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className="table-scroll" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </section>
  );
}
