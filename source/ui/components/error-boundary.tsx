/**
 * Catches a render error: shows it on one line instead of tearing the screen down. Around a view
 * it keeps the app usable (switch views, quit); at the root `onError` ends the run with exit 1.
 */
import {Text} from 'ink';
import {Component, type ErrorInfo, type ReactNode} from 'react';
import {sanitizeForTerminal} from '../../core/sanitize.js';

export type ErrorBoundaryProps = {
	readonly children: ReactNode;
	/** What failed, for the message ("hosts view"). */
	readonly what: string;
	readonly onError?: (error: Error) => void;
};

type ErrorBoundaryState = {readonly error: Error | null};

/** A React error boundary with a one-line fallback. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
	override state: ErrorBoundaryState = {error: null};

	static getDerivedStateFromError(error: Error): ErrorBoundaryState {
		return {error};
	}

	override componentDidCatch(error: Error, _info: ErrorInfo): void {
		this.props.onError?.(error);
	}

	override render(): ReactNode {
		if (this.state.error) {
			return <Text wrap="truncate-end">{`error: ${this.props.what} failed: ${sanitizeForTerminal(this.state.error.message)}`}</Text>;
		}

		return this.props.children;
	}
}
