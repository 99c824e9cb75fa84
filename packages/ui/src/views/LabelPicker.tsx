// Ten digit buttons to say what the drawing really is, and Submit.
import { For, Show } from 'solid-js';

/** Props of LabelPicker. */
export interface LabelPickerProps {
  /** The chosen label (the prediction until someone picks another), or null. */
  label: number | null;
  /** The label is the prediction, not a choice someone made. */
  suggested: boolean;
  canSubmit: boolean;
  saving: boolean;
  /** A short answer to a key or click that could not act yet, or null. */
  hint: string | null;
  onPick(digit: number): void;
  onSubmit(): void;
}

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** The labelling controls. */
export function LabelPicker(props: LabelPickerProps) {
  return (
    <form
      class="label-picker"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <fieldset>
        <legend>
          What digit is it?{' '}
          <span class="muted">{props.suggested ? '(suggested by the model)' : ''}</span>
        </legend>
        <div class="digits">
          <For each={DIGITS}>
            {(digit) => (
              <button
                type="button"
                class="digit-button"
                classList={{ suggested: props.suggested && props.label === digit }}
                data-testid={`label-${digit}`}
                data-digit={digit}
                aria-pressed={props.label === digit}
                aria-label={`Label ${digit}`}
                onClick={() => props.onPick(digit)}
              >
                {digit}
              </button>
            )}
          </For>
        </div>
      </fieldset>
      <button
        type="submit"
        class="primary submit"
        data-testid="submit"
        disabled={!props.canSubmit || props.saving}
      >
        {props.saving ? 'Saving…' : props.label === null ? 'Submit' : `Submit as ${props.label}`}
      </button>
      <Show when={props.hint}>
        {(text) => (
          <p class="notice info" role="status" data-testid="hint">
            {text()}
          </p>
        )}
      </Show>
    </form>
  );
}
