/**
 * A PNG file of RGBA pixels: 8-bit truecolour with alpha, every scanline with filter type 0 and
 * the image data deflated by node:zlib on libuv's thread pool (resvg's own `asPng()` encodes on
 * the calling thread, about 150 ms for a 3200×1600 chart). Charts are mostly flat colour, which
 * deflate compresses well without the PNG row filters.
 */
import {promisify} from 'node:util';
import zlib from 'node:zlib';

const deflate = promisify(zlib.deflate);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 of a chunk's type and data (node:zlib's crc32 where present, Node ≥ 20.15). */
function crc32(bytes: Buffer): number {
	const native = (zlib as {crc32?: (data: Uint8Array) => number}).crc32;
	if (native) return native(bytes);
	let crc = 0xffffffff;
	for (const byte of bytes) {
		crc ^= byte;
		for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}

	return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const tail = Buffer.alloc(4);
	tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, tail]);
}

/** The PNG file of `width` × `height` RGBA pixels (row-major, 4 bytes a pixel, not premultiplied). */
export async function encodePng(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
	const stride = width * 4;
	if (pixels.length !== stride * height) throw new Error(`encodePng: ${pixels.length} bytes for ${width}×${height} RGBA pixels`);
	const raw = Buffer.alloc((stride + 1) * height);
	for (let row = 0; row < height; row++) {
		// Filter byte 0 (none), then the row as it is.
		raw.set(pixels.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
	}

	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 6; // colour type: truecolour with alpha
	// compression 0, filter method 0, no interlace
	const data = await deflate(raw, {level: 6});
	return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}
