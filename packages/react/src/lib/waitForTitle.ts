/** What `waitForTitle` returns: ends the wait now (the next route arrived, or the tracker left). */
export type FlushTitle = () => void;

/**
 * Waits for the new route's `document.title`, because Next.js can commit a route before its
 * title (streamed metadata, `generateMetadata`, a page setting `document.title` once its data
 * arrives), so the title read in the route effect is often the previous page's, or empty.
 *
 * Calls `done(title)` once, at the first of:
 * - `document.title` is non-empty and differs from `previous` (the last page view's title): that
 *   title;
 * - `timeoutMs` passed: the title as it is, since two routes can share a title;
 * - the page is hidden, the pathname changed, or the returned flush is called: an empty title.
 *   The page view still counts, but a title that never changed is more likely the previous
 *   page's than this one's, and GA reports a missing title as "(not set)" rather than credit
 *   this route's view to another page's title.
 */
export function waitForTitle(
  previous: string | undefined,
  timeoutMs: number,
  done: (title: string) => void,
): FlushTitle {
  const doc = document;
  const path = location.pathname;
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let observer: MutationObserver | undefined;

  const finish = (title: string) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    observer?.disconnect();
    doc.removeEventListener('visibilitychange', onVisibility);
    done(title);
  };
  const moved = () => location.pathname !== path;
  const check = () => {
    if (moved()) finish('');
    else if (doc.title && doc.title !== previous) finish(doc.title);
  };
  const flush = () => {
    check();
    finish('');
  };
  const onVisibility = () => {
    if (doc.visibilityState === 'hidden') flush();
  };

  check();
  if (!finished) {
    timer = setTimeout(() => finish(moved() ? '' : doc.title), timeoutMs);
    doc.addEventListener('visibilitychange', onVisibility);
    if (typeof MutationObserver === 'function') {
      observer = new MutationObserver(check);
      observer.observe(doc.head ?? doc.documentElement, { subtree: true, childList: true, characterData: true });
    }
  }
  return flush;
}
