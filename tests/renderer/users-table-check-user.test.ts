/** The Users list marks app checks' dedicated users: a "check user" badge on a dimmed row, none for people. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UsersTable } from '../../src/renderer/screens/users/users-table';
import type { UserView } from '../../src/shared/admin-views';

const user = (username: string, extra: Partial<UserView> = {}): UserView => ({
  id: `u-${username}`,
  username,
  roles: [],
  claims: {},
  disabled: false,
  tokenVersion: 0,
  createdAt: 1_700_000_000,
  ...extra,
});

const rowOf = (html: string, id: string) =>
  new RegExp(`<tr[^>]*data-user-id="${id}"[^>]*>.*?</tr>`).exec(html)?.[0] ?? '';

describe('UsersTable', () => {
  it('shows a "check user" badge on a dimmed row for a user of purpose app-checks, and none for a person', () => {
    const html = renderToStaticMarkup(
      createElement(UsersTable, {
        users: [user('alice'), user('app-check', { purpose: 'app-checks' })],
        selectedId: null,
        onOpen: () => {},
      }),
    );
    const check = rowOf(html, 'u-app-check');
    expect(check).toContain('>check user</span>');
    expect(check).toMatch(/class="[^"]*is-inactive/);
    const alice = rowOf(html, 'u-alice');
    expect(alice).not.toContain('check user');
    expect(alice).not.toMatch(/is-inactive/);
  });
});
