import type {Reporter, TestModule} from 'vitest/node';

/** Prints the plain `N passed, N failed` line that CI reads as the run's verdict. */
export default class CiSummary implements Reporter {
	onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = []) {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		for (const module of modules) {
			const tests = [...module.children.allTests()];
			// A file that fails to import has no tests but is still a failure.
			if (tests.length === 0 && module.state() === 'failed') failed++;
			for (const test of tests) {
				const state = test.result().state;
				if (state === 'passed') passed++;
				else if (state === 'failed') failed++;
				else skipped++;
			}
		}
		// Vitest fails the run on unhandled errors even when every test passed: count them as failures.
		failed += unhandledErrors.length;
		if (skipped > 0) process.stdout.write(`(${skipped} skipped)\n`);
		process.stdout.write(`${passed} passed, ${failed} failed\n`);
	}
}
