/**
 * (canonical key, mode, view) → the action to run. Pure: reads only the keymap table.
 */
import {activeBindings, PRINTABLE, type ActionId, type Mode, type ScopeContext} from './keymap.js';
import {isPrintable} from './keys.js';

/** A key resolved to an action; `key` is kept for actions that read it (view.jump, filter.insert). */
export type KeyAction = {readonly type: ActionId; readonly key: string};

/** The action bound to `key` in this mode and view, or undefined when the key means nothing here. */
export function resolveKey(key: string, mode: Mode, context: ScopeContext): KeyAction | undefined {
	const bindings = activeBindings(mode, context);
	const exact = bindings.find((binding) => binding.keys.includes(key));
	if (exact) return {type: exact.action, key};
	if (isPrintable(key)) {
		const typing = bindings.find((binding) => binding.keys.includes(PRINTABLE));
		if (typing) return {type: typing.action, key};
	}

	return undefined;
}
