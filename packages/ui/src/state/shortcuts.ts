// Keyboard shortcuts on the whole page: 0–9 pick a label, Enter submits, Esc or Backspace clears,
// Ctrl/Cmd+Z undoes.
import { onCleanup, onMount } from 'solid-js';

/** What each shortcut does. */
export interface ShortcutActions {
  pick(digit: number): void;
  submit(): void;
  clear(): void;
  undo(): void;
}

/** Listens on `window` while the calling component is mounted. */
export function useShortcuts(actions: ShortcutActions): void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey) return;
    const target = e.target instanceof HTMLElement ? e.target : null;
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      actions.undo();
      return;
    }
    if (e.ctrlKey || e.metaKey) return;
    if (/^[0-9]$/.test(e.key)) {
      e.preventDefault();
      actions.pick(Number(e.key));
    } else if (e.key === 'Enter') {
      // Enter on Clear, Undo or Retry keeps its usual meaning; on a digit button (focused after a
      // click) re-picking the same digit would be pointless, so there it submits too.
      const button = target?.closest('button');
      if (button && !button.hasAttribute('data-digit')) return;
      e.preventDefault();
      actions.submit();
    } else if (e.key === 'Escape' || e.key === 'Backspace') {
      e.preventDefault();
      actions.clear();
    }
  };
  onMount(() => window.addEventListener('keydown', onKeyDown));
  onCleanup(() => window.removeEventListener('keydown', onKeyDown));
}
