import { useHealth } from './api/shared.api';
import type { UserRole as Role } from '#contracts';
import { AlertBell } from './features/alerts/AlertBell';
import { BehaviourPage } from './features/behaviour/BehaviourPage';
import { BreakdownsPage } from './features/breakdowns/BreakdownsPage';
import { ConversationsPage } from './features/conversations/ConversationsPage';
import { GapsPage } from './features/gaps/GapsPage';
import { ImportsPage } from './features/imports/ImportsPage';
import { IntentsPage } from './features/intents/IntentsPage';
import { OverviewPage } from './features/overview/OverviewPage';
import { ReviewPage } from './features/review/ReviewPage';
import { signOut } from './features/session/session.api';
import { SignIn } from './features/session/SignIn';
import { useSession } from './features/session/useSession';
import { FilterBar } from './components/FilterBar';
import { filtersOf, navigate, useLocation } from './router';

const ANALYTICS: Role[] = ['admin', 'manager'];

/** Each page and who sees it (the server checks every request the same way). */
const PAGES: readonly (readonly [string, string, Role[]])[] = [
  ['/', 'Overview', ANALYTICS],
  ['/intents', 'Intents', ANALYTICS],
  ['/gaps', 'Gaps', ANALYTICS],
  ['/breakdowns', 'Breakdowns', ANALYTICS],
  ['/behaviour', 'Behaviour', ANALYTICS],
  ['/review', 'Review queue', ['admin', 'manager', 'agent']],
  ['/conversations', 'Conversations', ANALYTICS],
  ['/imports', 'Imports', ANALYTICS],
];

export function App() {
  const { session, refresh } = useSession();
  const { path, params } = useLocation();
  if (session.state === 'loading') return null;
  if (session.state === 'signed-out') return <SignIn onSignedIn={refresh} problem={session.error} />;
  const { me } = session;
  const pages = PAGES.filter(([, , roles]) => roles.includes(me.role));
  const matched = PAGES.find(([p]) => p !== '/' && path.startsWith(p))?.[0] ?? '/';
  // A page the role may not see shows the first one it may (an agent lands on the review queue).
  const section = pages.some(([p]) => p === matched) ? matched : pages[0][0];
  const conversationId = path.startsWith('/conversations/') ? decodeURIComponent(path.slice('/conversations/'.length)) : undefined;
  const leave = async () => {
    await signOut();
    refresh();
  };
  return (
    <div className="app">
      {me.demo && (
        <div className="demo-banner" role="note">
          Demo mode: everyone who opens this address is signed in as <b>demo</b> (admin). Serve real data with <code>npm run serve</code> and accounts from{' '}
          <code>npx seam users create</code>.
        </div>
      )}
      {ANALYTICS.includes(me.role) && <FailingSources />}
      <header>
        <a className="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/', filtersOf(params)); }}>
          Seam
        </a>
        <nav>
          {pages.map(([p, label]) => (
            <a key={p} href={p} aria-current={section === p ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate(p, filtersOf(params)); }}>
              {label}
            </a>
          ))}
        </nav>
        <div className="who">
          {ANALYTICS.includes(me.role) && <AlertBell />}
          <span>
            {me.username} · {me.role}
          </span>
          {!me.demo && (
            <button type="button" onClick={leave}>
              Sign out
            </button>
          )}
        </div>
      </header>
      {section !== '/imports' && <FilterBar path={path} params={params} />}
      <main>
        {section === '/' && <OverviewPage params={params} />}
        {section === '/intents' && <IntentsPage params={params} />}
        {section === '/gaps' && <GapsPage params={params} />}
        {section === '/behaviour' && <BehaviourPage params={params} />}
        {section === '/breakdowns' && <BreakdownsPage params={params} />}
        {section === '/review' && <ReviewPage params={params} />}
        {section === '/conversations' && <ConversationsPage params={params} id={conversationId} />}
        {section === '/imports' && <ImportsPage canUpload={me.role === 'admin'} />}
      </main>
    </div>
  );
}

/** A scheduled source or an alert channel failing after its retries is said on every page, not only on Imports. */
function FailingSources() {
  const health = useHealth();
  const failing = health.data?.sources.failing ?? [];
  const channels = health.data?.alertChannels.failing ?? [];
  if (failing.length === 0 && channels.length === 0) return null;
  return (
    <div className="failing-banner" role="alert">
      {failing.length > 0 && (
        <>
          {failing.length === 1 ? 'A scheduled import is failing' : `${failing.length} scheduled imports are failing`}:{' '}
          {failing.map((s) => `${s.name} (last success ${s.lastSuccessAt ? new Date(s.lastSuccessAt).toLocaleString() : 'never'})`).join(', ')}.{' '}
        </>
      )}
      {channels.length > 0 && (
        <>
          {channels.length === 1 ? 'An alert channel is failing' : `${channels.length} alert channels are failing`}: {channels.map((c) => `${c.name} (${c.lastError ?? 'see its sends'})`).join(', ')}.{' '}
        </>
      )}
      <a href="/imports" onClick={(e) => { e.preventDefault(); navigate('/imports', {}); }}>
        See Imports
      </a>
    </div>
  );
}
