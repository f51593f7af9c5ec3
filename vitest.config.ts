import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Ink's import costs ~0.4 s; sharing the module graph pays it once (platform.md §4).
		isolate: false,
		pool: 'forks',
		testTimeout: 60_000,
		hookTimeout: 60_000,
		reporters: ['default', './test/helpers/ci-summary.ts'],
		env: {TZ: 'UTC', FORCE_COLOR: '0'},
		// Snapshots live in the top-level snapshots/ tree mirroring test/.
		resolveSnapshotPath: (testPath, extension) =>
			testPath.replace(/\/test\//, '/snapshots/') + extension,
	},
});
