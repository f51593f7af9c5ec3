import stringWidth from 'string-width';
import {expect} from 'vitest';

/** Asserts a frame fits the size and contains no escape or control characters. */
export function expectFits(frame: string, size: {readonly width: number; readonly height: number}): void {
	const lines = frame.split('\n');
	expect(lines.length).toBeLessThanOrEqual(size.height);
	for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(size.width);
	// eslint-disable-next-line no-control-regex
	expect(frame).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
}
