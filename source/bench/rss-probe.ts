/**
 * Preloaded into a benchmarked process (`node --import ./rss-probe.js …`): at exit it writes the
 * process's peak resident set size in bytes and its CPU time (user + system) in microseconds,
 * space-separated, to $BIGSTAT42_RSS_FILE. CPU time is the figure to compare on a loaded machine.
 *
 * It reads VmHWM from /proc/self/status rather than getrusage's maxRSS: Linux carries ru_maxrss
 * across fork + exec, so a child spawned by the (large) bench process would report the bench's peak.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import process from 'node:process';

const target = process.env['BIGSTAT42_RSS_FILE'];
if (target) {
	process.on('exit', () => {
		let bytes = process.resourceUsage().maxRSS * 1024;
		try {
			const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
			if (match) bytes = Number(match[1]) * 1024;
		} catch {
			// Not Linux: getrusage is the best we have.
		}

		const cpu = process.cpuUsage();
		writeFileSync(target, `${bytes} ${cpu.user + cpu.system}`);
	});
}
