import {PNG} from 'pngjs';
import {describe, expect, it} from 'vitest';
import {encodePng} from '../../source/charts/png.js';

describe('encodePng', () => {
	it('writes a PNG that a strict decoder reads back to the same RGBA pixels (CRCs checked)', async () => {
		const width = 3;
		const height = 2;
		// Opaque, translucent and fully transparent pixels; a row that repeats and one that does not.
		const pixels = Uint8Array.from([255, 255, 255, 255, 0, 114, 178, 255, 230, 159, 0, 128, 0, 0, 0, 0, 86, 180, 233, 1, 255, 255, 255, 255]);
		const file = await encodePng(pixels, width, height);
		expect([...file.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const decoded = PNG.sync.read(Buffer.from(file), {checkCRC: true} as never);
		expect([decoded.width, decoded.height]).toEqual([width, height]);
		expect([...decoded.data]).toEqual([...pixels]);
	});

	it('refuses a pixel buffer of the wrong size', async () => {
		await expect(encodePng(new Uint8Array(10), 2, 2)).rejects.toThrow(/10 bytes for 2×2/);
	});
});
