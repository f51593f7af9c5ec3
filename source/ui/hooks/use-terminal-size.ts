/**
 * The terminal size, following `resize`. Ink 6.8 has no useWindowSize (Ink 7 adds it).
 */
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {Size} from '../view-contract.js';

/** Used when stdout does not report a size (pipes, ink-testing-library's rows). */
export const FALLBACK_SIZE: Size = {width: 80, height: 24};

function read(stdout: NodeJS.WriteStream | undefined): Size {
	const width = stdout?.columns;
	const height = stdout?.rows;
	return {
		width: typeof width === 'number' && width > 0 ? width : FALLBACK_SIZE.width,
		height: typeof height === 'number' && height > 0 ? height : FALLBACK_SIZE.height,
	};
}

/**
 * `{width, height}` of the terminal; `fixed` (tests, static frames) wins over the real stdout.
 */
export function useTerminalSize(fixed?: Size): Size {
	const {stdout} = useStdout();
	const [size, setSize] = useState<Size>(() => fixed ?? read(stdout));
	useEffect(() => {
		if (fixed) return;
		const onResize = () => {
			const next = read(stdout);
			setSize((current) => (current.width === next.width && current.height === next.height ? current : next));
		};

		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, fixed]);
	return fixed ?? size;
}
