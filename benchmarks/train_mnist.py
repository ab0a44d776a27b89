"""Train the 784-50-10 ReLU network of ``solutions`` on real MNIST and print its figures.

    python benchmarks/train_mnist.py [--iterations 10000] [--dtype float32]

Minibatch SGD, learning rate 0.1, batch 100: the schedule of seed 001 (10,000 iterations,
about 16.7 epochs). Prints seconds per epoch (each, and the median) and the train and test
accuracy after each epoch. Needs the MNIST files (see README, Data).
"""

import argparse
import statistics
import time

import numpy as np

from course.data import load_mnist
from solutions import LayerNet, train


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    dtype = np.dtype(args.dtype)
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, flatten=True)
    x_train, x_test = x_train.astype(dtype), x_test.astype(dtype)
    net = LayerNet([784, 50, 10], activation="relu", dtype=dtype, seed=args.seed)

    def report(epoch, history):
        print(f"epoch {epoch:2d}  {history.epoch_seconds[-1]:6.2f} s  "
              f"loss {np.mean(history.loss[-600:]):.4f}  "
              f"train {history.train_accuracy[-1]:.4f}  test {history.test_accuracy[-1]:.4f}",
              flush=True)

    started = time.perf_counter()
    history = train(net, x_train, t_train, x_test, t_test, learning_rate=0.1, batch_size=100,
                    iterations=args.iterations, seed=args.seed, on_epoch=report)
    total = time.perf_counter() - started
    full_epochs = history.epoch_seconds[:-1] if args.iterations % 600 else history.epoch_seconds
    print(f"\n784-50-10 ReLU, {args.dtype}, SGD lr 0.1, batch 100, {args.iterations} iterations")
    print(f"median seconds per epoch (training + accuracy on 70,000 images): "
          f"{statistics.median(full_epochs or history.epoch_seconds):.2f}")
    print(f"total {total:.1f} s; final train accuracy {history.train_accuracy[-1]:.4f}, "
          f"test accuracy {history.test_accuracy[-1]:.4f}")
    return 0 if history.test_accuracy[-1] >= 0.97 else 1


if __name__ == "__main__":
    raise SystemExit(main())
