// One line about the model being served.
import type { ModelInfo } from '../api/types.js';
import { percent } from './format.js';

/** Props of ModelLine. */
export interface ModelLineProps {
  model: ModelInfo;
}

/** "Model mnist-cnn-f16 · 105,962 parameters · 99.38% on its MNIST test split". */
export function ModelLine(props: ModelLineProps) {
  return (
    <p class="model-line">
      Model <strong>{props.model.version}</strong> · {props.model.parameters.toLocaleString('en')}{' '}
      parameters
      {props.model.testAccuracy === null
        ? ''
        : ` · ${percent(props.model.testAccuracy, 2)} on its MNIST test split`}
    </p>
  );
}
