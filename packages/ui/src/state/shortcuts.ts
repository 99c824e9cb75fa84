// Keyboard shortcuts on the whole page: 0–9 pick a label, Enter submits, Esc or Backspace clears,
// Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl+Y redoes.
import { onCleanup, onMount } from 'solid-js';

/** What each shortcut does. */
export interface ShortcutActions {
  pick(digit: number): void;
  /** Submits; `digit` is the label of a focused digit button Enter was pressed on. */
  submit(digit?: number): void;
  clear(): void;
  undo(): void;
  redo(): void;
}

/** Installs the shortcuts on `window` while the calling component is mounted. */
export function useShortcuts(actions: ShortcutActions): void {
  // How the focused element got the focus. Not `:focus-visible`: Chromium turns that on for a
  // clicked button as soon as a key is pressed on it, Enter included.
  let focusedByKeyboard = false;
  const onPointerDown = () => {
    focusedByKeyboard = false;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Tab') focusedByKeyboard = true;
    if (e.defaultPrevented || e.altKey) return;
    const target = e.target instanceof HTMLElement ? e.target : null;
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
    if (e.ctrlKey || e.metaKey) {
      const key = e.key.toLowerCase();
      if (key === 'z' || (key === 'y' && !e.shiftKey)) {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) actions.redo();
        else actions.undo();
      }
      return;
    }
    if (/^[0-9]$/.test(e.key)) {
      e.preventDefault();
      const digit = Number(e.key);
      actions.pick(digit);
      // Focus follows the pick inside the digit buttons, so a later Enter on the focused button
      // stores the digit just typed, not the one clicked before it.
      if (target?.closest('[data-digit]')) {
        document
          .querySelector<HTMLElement>(`button[data-digit="${digit}"]`)
          ?.focus({ preventScroll: true });
      }
    } else if (e.key === 'Enter') {
      const button = target?.closest('button');
      const digit = button?.getAttribute('data-digit');
      if (digit != null) {
        // Enter on a digit button stores that digit: the one the focus ring is on.
        e.preventDefault();
        actions.submit(Number(digit));
        return;
      }
      // Another button reached with the keyboard keeps Enter's usual meaning: pressing it. One
      // that merely kept the focus after a click or tap does not: there Enter submits.
      if (button && focusedByKeyboard) return;
      e.preventDefault();
      actions.submit();
    } else if (e.key === 'Escape' || e.key === 'Backspace') {
      e.preventDefault();
      actions.clear();
    }
  };
  onMount(() => {
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('pointerdown', onPointerDown, true);
  });
  onCleanup(() => {
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('pointerdown', onPointerDown, true);
  });
}
