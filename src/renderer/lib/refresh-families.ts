/**
 * A session's refresh tokens, one family per app (and one for Gatehouse's own login API), as the
 * session detail draws them: each family in rotation order, families in the order they began.
 */
import type { RefreshLinkView, SessionClientView } from '../../shared/admin-views';

export interface RefreshFamilyGroup {
  /** Null: Gatehouse's own login API. */
  clientId: string | null;
  name: string;
  links: RefreshLinkView[];
}

export const LOGIN_API = "Gatehouse's login API";

/** Parents before children, however close their times; then by time. */
export function chainOrder(links: RefreshLinkView[]): RefreshLinkView[] {
  const ids = new Set(links.map((l) => l.id));
  const children = new Map<string | null, RefreshLinkView[]>();
  for (const l of links) {
    const parent = l.parentId !== null && ids.has(l.parentId) ? l.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), l]);
  }
  const byTime = (a: RefreshLinkView, b: RefreshLinkView) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);
  const out: RefreshLinkView[] = [];
  const visit = (parent: string | null) => {
    for (const l of [...(children.get(parent) ?? [])].sort(byTime)) {
      out.push(l);
      visit(l.id);
    }
  };
  visit(null);
  return out;
}

export function groupFamilies(family: RefreshLinkView[], apps: SessionClientView[]): RefreshFamilyGroup[] {
  const names = new Map(apps.map((a) => [a.clientId, a.name]));
  const groups = new Map<string | null, RefreshLinkView[]>();
  for (const link of family) groups.set(link.clientId, [...(groups.get(link.clientId) ?? []), link]);
  return [...groups.entries()]
    .map(([clientId, links]) => ({
      clientId,
      name: clientId === null ? LOGIN_API : (names.get(clientId) ?? clientId),
      links: chainOrder(links),
    }))
    .sort((a, b) => (a.links[0]?.createdAt ?? 0) - (b.links[0]?.createdAt ?? 0));
}
