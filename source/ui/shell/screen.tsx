/**
 * The whole screen for one state — header, the view (or help, or "terminal too small"), status or
 * prompt, legend — pure, so it renders static frames with renderToString as well.
 */
import {Box} from 'ink';
import type {ReactElement} from 'react';
import type {LiveDataDeps} from '../../app/live/contract.js';
import {ErrorBoundary} from '../components/error-boundary.js';
import {FilterPrompt} from '../components/filter-prompt.js';
import {Header} from '../components/header.js';
import {HelpOverlay} from '../components/help-overlay.js';
import {KeyLegend} from '../components/key-legend.js';
import {StatusBar} from '../components/status-bar.js';
import {TooSmall} from '../components/too-small.js';
import {currentEntry, type NavState} from '../state/navigation.js';
import type {DashboardData, Size, Theme, ViewDescriptor, ViewId, ViewState} from '../view-contract.js';
import {crumbsOf} from './crumbs.js';
import {chromeLines, contentSize} from './layout.js';
import {scopeOf} from './scope.js';

/** The props of the pure screen. */
export type ScreenProps = {
	readonly views: Readonly<Record<ViewId, ViewDescriptor>>;
	readonly theme: Theme;
	readonly size: Size;
	readonly nav: NavState;
	readonly data: DashboardData;
	readonly viewState: ViewState;
	/** Interactive screens have a legend and prompts; static frames do not. */
	readonly interactive: boolean;
	readonly status: {
		readonly loading: boolean;
		readonly lastUpdated: number;
		readonly wallClock: () => number;
		readonly error: string | null;
		readonly budgetLeft: number | undefined;
		readonly feedLabel: string | undefined;
		readonly note?: string | undefined;
		readonly scheduler?: LiveDataDeps['scheduler'];
	};
};

/** The whole screen for one state: pure, so it also renders static frames with renderToString. */
export function Screen(props: ScreenProps): ReactElement {
	const {views, theme, size, nav, data, viewState, interactive} = props;
	const entry = currentEntry(nav);
	const view = views[entry.view];
	const content = contentSize(size, interactive);
	const scope = scopeOf(view, nav);
	const tooSmall = content.width < view.minSize.width || content.height < view.minSize.height;
	let body: ReactElement;
	if (nav.mode === 'help') {
		body = <HelpOverlay size={content} theme={theme} scroll={nav.helpScroll} scope={scope} />;
	} else if (tooSmall) {
		body = (
			<TooSmall
				size={content}
				needed={view.minSize}
				terminal={size}
				chrome={{width: 0, height: size.height - content.height}}
				theme={theme}
			/>
		);
	} else {
		body = (
			<ErrorBoundary key={`${entry.view}:${nav.stack.length}`} what={`${view.title} view`}>
				<view.Component data={data} size={content} theme={theme} state={viewState} />
			</ErrorBoundary>
		);
	}

	const badge = nav.live ? (nav.paused ? 'PAUSED' : 'LIVE') : '';
	const filterMatches = nav.mode === 'filter' && entry.filter !== '' && !tooSmall ? view.matches(data, viewState).length : undefined;
	return (
		<Box flexDirection="column" width={size.width} height={size.height - 1}>
			<Header
				width={size.width}
				theme={theme}
				campus={data.campus.name}
				rangeLabel={data.rangeLabel}
				timeZone={data.timeZone}
				crumbs={crumbsOf(nav.stack, views)}
				badge={badge}
			/>
			<Box height={content.height} width={size.width} overflow="hidden" flexDirection="column">
				{body}
			</Box>
			{nav.mode === 'filter' ? (
				<FilterPrompt width={size.width} theme={theme} text={entry.filter} matches={filterMatches} />
			) : nav.mode === 'range' ? (
				<FilterPrompt width={size.width} theme={theme} text={nav.rangeText} matches={undefined} sign="range: " hint={nav.message ?? 'e.g. 14d, all, 2026-11-01..2026-11-15'} />
			) : (
				<StatusBar
					width={size.width}
					theme={theme}
					live={nav.live}
					paused={nav.paused}
					loading={props.status.loading}
					lastUpdated={props.status.lastUpdated}
					wallClock={props.status.wallClock}
					filter={entry.filter}
					filterMarks={nav.filterMarks}
					error={props.status.error}
					message={nav.mode === 'export' ? 'export as: t text (the whole view), c CSV, j JSON, p PNG (Esc cancels)' : nav.message}
					budgetLeft={props.status.budgetLeft}
					feedLabel={props.status.feedLabel}
					note={props.status.note}
					ticks={interactive}
					scheduler={props.status.scheduler}
				/>
			)}
			{chromeLines(size, interactive) === 3 ? <KeyLegend width={size.width} theme={theme} mode={nav.mode} scope={scope} /> : null}
		</Box>
	);
}

