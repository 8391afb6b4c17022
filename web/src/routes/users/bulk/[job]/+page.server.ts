import { failPage } from '#lib/server/forms.ts';
import { qrSvg } from '#lib/server/invitationQr.ts';
import type { PageServerLoad } from './$types';

/** Cards on one printed run of pages: a county's sheet prints at once, a province's in parts. */
const CARDS_PER_PAGE = 200;

/**
 * A bulk invitation: its progress while it runs (the page reloads itself each second, no
 * JavaScript needed), then one card per person with the link as a QR code, for the inviter only.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const from = Math.max(0, Number.parseInt(url.searchParams.get('from') ?? '0', 10) || 0);
  const response = await locals.api.api['bulk-invitations'][':id'].$get({
    param: { id: params.job },
    query: { offset: String(from), limit: String(CARDS_PER_PAGE) },
  });
  if (!response.ok) return failPage(response);
  const body = await response.json();
  // The link opens this site, as the inviter reached it.
  const cards = body.links.map((link) => {
    const address = `${url.origin}/invite/${link.token}`;
    return {
      line: link.line,
      unitCode: link.unitCode,
      unitName: link.unitName,
      displayName: link.displayName,
      role: link.role,
      loginName: link.loginName,
      expiresAt: link.expiresAt,
      link: address,
      qr: qrSvg(address, link.displayName),
    };
  });
  return {
    job: body.job,
    cards,
    linkCount: body.linkCount,
    failures: body.failures,
    keptUntil: body.keptUntil,
    linksGone: body.linksGone,
    from,
    perPage: CARDS_PER_PAGE,
  };
};
