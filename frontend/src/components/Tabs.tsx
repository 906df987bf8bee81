import type { KeyboardEvent, ReactNode } from "react";
import { Link } from "react-router";

export type Tab = { id: string; label: string; to: string };

type TabsProps = {
  label: string;
  tabs: Tab[];
  current: string;
  children: ReactNode;
};

/**
 * Sections of a record as tabs. Each tab is a link, so a section has an address a person can
 * bookmark; arrow keys, Home and End move between tabs as in any tab list.
 */
export function Tabs({ label, tabs, current, children }: TabsProps) {
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const list = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]'));
    const at = list.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: list.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    list[(next + list.length) % list.length]?.focus();
  }

  return (
    <>
      <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => {
          const selected = t.id === current;
          return (
            <Link
              key={t.id}
              to={t.to}
              id={`tab-${t.id}`}
              role="tab"
              aria-selected={selected}
              aria-controls={selected ? `panel-${t.id}` : undefined}
              tabIndex={selected ? 0 : -1}
              className="tab"
            >
              {t.label}
            </Link>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${current}`} aria-labelledby={`tab-${current}`} className="tab-panel">
        {children}
      </div>
    </>
  );
}
