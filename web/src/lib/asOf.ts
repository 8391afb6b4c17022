/**
 * Views of the drive "as of" a past day: the day travels in the address (`?asOf=`), so a link
 * within those pages keeps it, and a bookmark or a shared link shows the same day.
 */

/** `href` with `asOf` added to its query (before any #fragment); unchanged when there is no day. */
export function withAsOf(href: string, asOf: string | null | undefined): string {
  if (!asOf) return href;
  const [path, fragment] = href.split('#', 2) as [string, string | undefined];
  const joined = `${path}${path.includes('?') ? '&' : '?'}asOf=${encodeURIComponent(asOf)}`;
  return fragment === undefined ? joined : `${joined}#${fragment}`;
}

/** A day as the address gives it, or null when it does not look like one. */
export function asOfFrom(url: URL): string | null {
  const asked = url.searchParams.get('asOf') ?? '';
  return /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : null;
}
