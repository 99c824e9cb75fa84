// One line about the model being served.
import type { ModelInfo } from '../api/types.js';
import { percent } from './format.js';

/** Props of ModelLine. */
export interface ModelLineProps {
  model: ModelInfo;
}

/** "Model mnist-cnn-f16 · 421,642 parameters · 99.1% on MNIST's test set". */
export function ModelLine(props: ModelLineProps) {
  return (
    <p class="model-line">
      Model <strong>{props.model.version}</strong> · {props.model.parameters.toLocaleString('en')}{' '}
      parameters
      {props.model.testAccuracy === null
        ? ''
        : ` · ${percent(props.model.testAccuracy)} on MNIST's test set`}
    </p>
  );
}
