import type { UserView } from '../../../shared/admin-views';
import { Badge } from '../../components/badges';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';

/** Users by name; as the table narrows (the side panel open) the creation date and roles give way. */
export function UsersTable({
  users,
  selectedId,
  onOpen,
}: {
  users: UserView[];
  selectedId: string | null;
  onOpen(userId: string): void;
}) {
  return (
    <table className="table entity-table users-list" aria-label="Users">
      <thead>
        <tr>
          <th scope="col" className="u-name">
            User
          </th>
          <th scope="col" className="u-roles">
            Roles
          </th>
          <th scope="col" className="u-status">
            Status
          </th>
          <th scope="col" className="u-version" title="Token version: tokens with an older one are rejected">
            Version
          </th>
          <th scope="col" className="u-created">
            Created
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr
            key={u.id}
            className={`${u.id === selectedId ? 'is-selected' : ''} ${u.disabled || u.purpose ? 'is-inactive' : ''}`}
            data-user-id={u.id}
            onClick={() => onOpen(u.id)}
          >
            <td className="u-name">
              <button
                type="button"
                className="row-link cut"
                title={u.username}
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(u.id);
                }}
              >
                {u.username}
              </button>
              {u.purpose === 'app-checks' && (
                <Badge
                  value="check user"
                  tone="muted"
                  title="Made by App checks for their tokens: no password, signs nobody in"
                />
              )}
            </td>
            <td className="u-roles">
              <span className="cut small" title={u.roles.join(', ') || 'no roles'}>
                {u.roles.length ? u.roles.join(', ') : <span className="muted">none</span>}
              </span>
            </td>
            <td className="u-status">
              <Badge value={u.disabled ? 'disabled' : 'active'} />
            </td>
            <td className="u-version mono">{u.tokenVersion}</td>
            <td className="u-created small" title={`Created ${formatDateTime(u.createdAt)}`}>
              {formatDateTimeCompact(u.createdAt)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
