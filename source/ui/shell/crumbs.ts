/**
 * The header's crumbs: one short name per level of the navigation stack ("Hosts › c1r2s3 › jdoe").
 */
import {sanitizeForTerminal} from '../../core/sanitize.js';
import {WEEKDAYS} from '../../core/ui/format.js';
import type {StackEntry} from '../state/navigation.js';
import type {ViewDescriptor, ViewId} from '../view-contract.js';

function crumb(entry: StackEntry, views: Readonly<Record<ViewId, ViewDescriptor>>): string {
	const {params} = entry;
	switch (entry.view) {
		case 'host': {
			return params.host ?? 'host';
		}

		case 'user': {
			return params.login ?? 'user';
		}

		case 'event-user': {
			return params.eventUser ?? 'user';
		}

		case 'slot': {
			return `${WEEKDAYS[params.weekday ?? 0] ?? '?'} ${String(params.hour ?? 0).padStart(2, '0')}:00${params.started ? ' starts' : ''}`;
		}

		default: {
			return views[entry.view].title;
		}
	}
}

/** Crumbs of a navigation stack ("Hosts", "c1r2s3", "jdoe"), sanitised. */
export function crumbsOf(stack: readonly StackEntry[], views: Readonly<Record<ViewId, ViewDescriptor>>): string[] {
	return stack.map((entry) => sanitizeForTerminal(crumb(entry, views)));
}
