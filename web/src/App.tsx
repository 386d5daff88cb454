import { BreakdownsPage } from './features/breakdowns/BreakdownsPage';
import { ConversationsPage } from './features/conversations/ConversationsPage';
import { ImportsPage } from './features/imports/ImportsPage';
import { IntentsPage } from './features/intents/IntentsPage';
import { OverviewPage } from './features/overview/OverviewPage';
import { ReviewPage } from './features/review/ReviewPage';
import { FilterBar } from './components/FilterBar';
import { filtersOf, navigate, useLocation } from './router';

const PAGES = [
  ['/', 'Overview'],
  ['/intents', 'Intents'],
  ['/breakdowns', 'Breakdowns'],
  ['/review', 'Review queue'],
  ['/conversations', 'Conversations'],
  ['/imports', 'Imports'],
] as const;

export function App() {
  const { path, params } = useLocation();
  const section = PAGES.find(([p]) => p !== '/' && path.startsWith(p))?.[0] ?? '/';
  const conversationId = path.startsWith('/conversations/') ? decodeURIComponent(path.slice('/conversations/'.length)) : undefined;
  return (
    <div className="app">
      <header>
        <a className="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/', filtersOf(params)); }}>
          Seam
        </a>
        <nav>
          {PAGES.map(([p, label]) => (
            <a key={p} href={p} aria-current={section === p ? 'page' : undefined} onClick={(e) => { e.preventDefault(); navigate(p, filtersOf(params)); }}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      {section !== '/imports' && <FilterBar path={path} params={params} />}
      <main>
        {section === '/' && <OverviewPage params={params} />}
        {section === '/intents' && <IntentsPage params={params} />}
        {section === '/breakdowns' && <BreakdownsPage params={params} />}
        {section === '/review' && <ReviewPage params={params} />}
        {section === '/conversations' && <ConversationsPage params={params} id={conversationId} />}
        {section === '/imports' && <ImportsPage />}
      </main>
    </div>
  );
}
