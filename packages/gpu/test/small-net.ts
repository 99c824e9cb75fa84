// A small conv net and its training step, shared by the gpu backend's tests.
import {
  crossEntropy,
  Generator,
  nn,
  optim,
  randn,
  type Tensor,
  tensor,
  tidy,
} from '@digitnet/core';

/** conv → batch norm → relu → max-pool → dropout → linear, with Adam and a step-wise schedule. */
export function smallNet(batch: number, seed = 1) {
  const g = new Generator(seed);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Dropout(0.25),
    new nn.Flatten(),
    new nn.Linear(4 * 5 * 5, 10),
  );
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-2, weightDecay: 1e-5 });
  const schedule = new optim.StepLR(optimizer, { stepSize: 2, gamma: 0.9 });
  const x: Tensor = randn([batch, 1, 10, 10], { generator: g });
  const y: Tensor = tensor(Int32Array.from({ length: batch }, (_, i) => i % 10));
  model.train();
  /** One training step; returns the loss. */
  const step = (): number =>
    tidy(() => {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      optimizer.step();
      schedule.step();
      return loss.item();
    });
  const dispose = () => {
    for (const t of [x, y, ...model.parameters()]) t.dispose();
  };
  return { model, step, dispose };
}
