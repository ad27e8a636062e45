import type { UserView } from '../../shared/admin-views';

/** A labelled choice of one user by name; `anyLabel` adds a first option that means "no user chosen". */
export function UserSelect({
  users,
  value,
  onChange,
  anyLabel,
  disabled,
  grow,
}: {
  users: UserView[];
  value: string;
  onChange: (userId: string) => void;
  anyLabel?: string;
  disabled?: boolean;
  grow?: boolean;
}) {
  return (
    <label className={`field field-inline${grow ? ' field-grow' : ''}`}>
      <span>User</span>
      <select aria-label="User" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.username}
          </option>
        ))}
      </select>
    </label>
  );
}
