import { navigate } from '../router';

/** Links to conversations by id (the first characters shown), opening each in the Conversations page. */
export function ConversationLinks({ ids, filters = {} }: { ids: string[]; filters?: Record<string, string | undefined> }) {
  return (
    <ul className="links">
      {ids.map((c) => (
        <li key={c}>
          <a href={`/conversations/${c}`} onClick={(e) => { e.preventDefault(); navigate(`/conversations/${c}`, filters); }}>
            {c.slice(0, 12)}…
          </a>
        </li>
      ))}
    </ul>
  );
}
