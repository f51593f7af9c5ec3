/** What every way of drawing the dashboard needs, the interactive app as well as a static frame. */
import type {Campus} from '../../core/model.js';
import type {Theme, ViewDescriptor, ViewId} from '../view-contract.js';

export type ShellOptions = {
	readonly views: Readonly<Record<ViewId, ViewDescriptor>>;
	readonly theme: Theme;
	readonly campus: Campus;
	readonly timeZone: string;
	/** Sessions longer than this are anomalies. @default 24 h */
	readonly maxSessionMs?: number;
	/** Rows of the summary's top tables (--top). @default 20 */
	readonly top?: number;
};
