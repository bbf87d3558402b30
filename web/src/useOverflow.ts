/** Whether an element's content is wider than the element (so it scrolls), kept current as sizes change. */
import { type RefObject, useEffect, useState } from "react";

export function useOverflow(ref: RefObject<HTMLElement | null>): boolean {
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    const child = el.firstElementChild;
    if (child) observer.observe(child);
    return () => observer.disconnect();
  }, [ref]);
  return overflows;
}
