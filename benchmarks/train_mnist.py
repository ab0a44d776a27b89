"""MNIST training speed, three ways: the course's ``solutions``, PyTorch, a naive baseline.

    pip install -e ".[bench]"                    # torch==2.13.0 (CPU) and threadpoolctl
    python benchmarks/train_mnist.py             # about a minute and a half, one thread
    python benchmarks/train_mnist.py --threads 2 # the issue's two-core comparison
    python benchmarks/train_mnist.py --profile solutions    # cProfile of two epochs

Needs the MNIST files (see README, Data). Not part of the test suite.

All three train the same network the same way: 784-50-10, ReLU, softmax cross-entropy,
minibatch SGD with learning rate 0.1 and batches of 100, float32 unless said otherwise.

1. ``solutions``: ``solutions.LayerNet`` and ``solutions.train`` (float32, He init).
2. PyTorch on the CPU: ``nn.Sequential(Linear, ReLU, Linear)``, ``CrossEntropyLoss``,
   ``optim.SGD``, one ``randperm`` per epoch, started from the same initial weights as (1).
3. naive: the network as seed 001 writes it ("Deep Learning from Scratch", chapter 5),
   written out below and importing nothing of ``solutions``: float64 weights
   (``0.01 * np.random.randn``) and float64 one-hot targets, a fresh
   ``np.random.choice(train_size, batch_size)`` every step, the loss computed again after
   each update, accuracy on the whole training set in one piece.

**An epoch** is 600 steps of 100 images for all three. **Training seconds** are those 600
steps (including drawing the batches), nothing else; that is the headline figure, the median
over ``--epochs`` epochs. **Evaluation** (accuracy on all 60,000 training and 10,000 test
images after every epoch, as the seed does) is timed apart and reported in its own column.
The three take turns epoch by epoch, so that a machine that is busy for a while slows all
three alike.

**Threads.** ``--threads n`` (default 1) is given to both libraries: NumPy's BLAS through
threadpoolctl's ``threadpool_limits(n, user_api="blas")`` (it works after NumPy is imported
and reports what it set; OPENBLAS_NUM_THREADS would have to be set before the import), and
PyTorch through ``torch.set_num_threads(n)``. The table prints what each library reports,
and the load average before and after. One thread is the default because it measures the
same on a quiet machine and on a shared one: with two threads on a machine where other work
holds a core, every product waits until that core is free for its second thread, and epochs
take 5 to 20 times as long (PyTorch's OpenMP and NumPy's OpenBLAS alike), so that even the
ratios wander. ``--threads 2`` is the comparison the issue quotes; run it on a quiet machine.

After the comparison, a fresh ``solutions`` network trains with the seed's schedule, 10,000
iterations (16.7 epochs), and its final accuracy is printed (``--no-full`` skips it).
Targets (issue 8): solutions at most 0.7x PyTorch's seconds per epoch, at least 3x faster
than the naive baseline, test accuracy at least 0.97 after 10,000 iterations. The exit
status is 0 when all three are met.

Where the time went
-------------------
Found with ``--profile solutions`` (cProfile) and line_profiler, on a two-core machine
shared with other work: absolute times there drift by a third from minute to minute, so
only ratios taken in the same run (and medians) mean much.

Before (``solutions`` as of commit 2b361b6), cProfile of three epochs at one thread:
``Affine.backward`` 34 % of the time, ``Affine.forward`` 33 %, the loop of ``train`` 9 % (the
batch gathers and updates), ``Relu.forward`` 4 %, ``SoftmaxWithLoss.forward`` 3 %. Per step,
line by line: the three products with the 784 x 50 matrix W1 were 80 % of it, forward
``x @ W1`` (about 390 us), backward ``dW1 = x.T @ dout`` (260 us) and ``dx = dout @ W1.T``
(290 us). That last one is the gradient with respect to the pixels, and nothing uses it.
Next came ReLU's boolean-mask assignments ``out[mask] = 0`` and ``dx[mask] = 0``, 65 us
together (more than the whole 50-10 layer), softmax-with-loss (75 + 15 us), the gather
``x_train[batch]`` (60 us) and ``params -= lr * grad`` (30 us).

Changed because of it:

- the first Affine skips ``dx`` (``solutions.network.FirstAffine``): -290 us a step;
- ReLU's forward is ``np.maximum(x, 0)``: 34 us -> 12 us a step, and six times faster on
  the 10,000-row chunks of evaluation. (Its backward keeps the boolean assignment, whose
  error on a mismatched shape the course's hints recognise; ``np.where`` would save
  another 14 us.)
- ``train`` converts the images to the dtype of the parameters and one-hot targets to
  labels once, and makes the learning rate a Python float: float32 stays float32 even when
  the caller hands over float64 images or ``np.float64(0.1)``. (The benchmark's images were
  float32 already, so this gains nothing here; before, float64 images made every product
  of a float32 network float64.)

Measured and kept as they were: one permutation per epoch with a per-step gather of 100
rows beats copying the whole shuffled training set every epoch (271 against 314 ms per
epoch of gathers and forward products at one thread, 160 against 170 at two; a reused
buffer filled with ``np.take`` was slower still, 346 and 226), because each gathered batch
is still in the cache when the product reads it. Softmax-with-loss with one ``exp`` instead
of two saved 2-3 % of a step: not worth changing notebook 05's reference layer. The
remaining time is the two products that must stay (about 70 % of a step at one thread) and
the per-call cost of NumPy on 100 x 50 arrays.

Before -> after, the two versions taking turns (medians of 9 epochs in one run, while other
work kept the machine at a load of about 3, so everything took some 1.7 times as long as on
a quiet machine): 1.48 -> 0.95 s per epoch at one thread, 2.90 -> 2.01 s at two; evaluation
0.38 -> 0.35 s and 0.35 -> 0.28 s. Accuracy does not change: the arithmetic is the same
(test 0.9646 after 9 epochs at one thread in both). The old benchmark's "median 0.73 s per
epoch (training + accuracy)" was training only: ``train`` stopped its clock before the
accuracies, as it still does (``eval_seconds`` now times them).

Results on the development machine (two AMD EPYC cores shared with other work, NumPy 2.4
with OpenBLAS, PyTorch 2.13 with MKL), ratios of training seconds per epoch. One thread,
11 runs: solutions / PyTorch 0.54-0.70 (median 0.59), solutions / naive 0.30-0.36 (median
0.33: the "3x faster" target held in 7 of the 11). Two threads on a quiet machine, 4 runs:
0.44-0.49 and 0.28-0.33; under load the two-thread ratios wandered from 0.33 to 0.65 and
from 0.32 to 0.52. Test accuracy after 10,000 iterations: 0.9712 at one thread, 0.9709 at
two (the order of BLAS sums differs).

Later, on the same machine with nothing else running (load 0.5-0.9), one run each:

- one thread: solutions 0.611 s per epoch, PyTorch 0.959, naive 1.821: 0.64x PyTorch and
  0.34x naive in training (0.77x and 0.33x with evaluation);
- two threads: 0.475, 1.131 and 1.545 s: 0.42x PyTorch and 0.31x naive (0.48x and 0.26x
  with evaluation).

At one thread about two thirds of a step are the two products with W1 (OpenBLAS's Haswell
kernels reach some 20-30 GFLOP/s on these thin shapes); the rest is spread thinly over a
dozen small NumPy calls. Two more ideas were measured in the real loop and gave nothing
(medians of 7 epochs, 0.6145 s as it is): sorting each batch's indices before the gather
(0.6214) and softmax-with-loss with one ``exp`` (0.613).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import time
from collections import OrderedDict

import numpy as np

from course.data import load_mnist
from solutions import LayerNet, train

SIZES = [784, 50, 10]
LEARNING_RATE = 0.1
BATCH_SIZE = 100
STEPS_PER_EPOCH = 600
SEED_ITERATIONS = 10_000


# --------------------------------------------------------------------------------------
# (1) the solutions network
# --------------------------------------------------------------------------------------

class SolutionsTrainer:
    name, short = "solutions (float32)", "solutions"

    def __init__(self, data, seed):
        self.data = data
        self.seed = seed
        self.net = LayerNet(SIZES, activation="relu", dtype=np.float32, seed=seed)

    def epoch(self, index):
        """One epoch of ``solutions.train``: (training seconds, eval seconds, test accuracy)."""
        history = train(self.net, *self.data, learning_rate=LEARNING_RATE,
                        batch_size=BATCH_SIZE, epochs=1, seed=1000 * self.seed + index)
        return history.epoch_seconds[0], history.eval_seconds[0], history.test_accuracy[0]


# --------------------------------------------------------------------------------------
# (2) the same network in PyTorch
# --------------------------------------------------------------------------------------

class TorchTrainer:
    def __init__(self, data, seed, initial_params):
        import torch
        from torch import nn

        self.torch = torch
        self.name = f"PyTorch {torch.__version__.split('+')[0]} (float32)"
        self.short = "PyTorch"
        (x_train, t_train), (x_test, t_test) = (data[0], data[1]), (data[2], data[3])
        self.x_train, self.t_train = torch.from_numpy(x_train), torch.from_numpy(t_train)
        self.x_test, self.t_test = torch.from_numpy(x_test), torch.from_numpy(t_test)
        self.model = nn.Sequential(nn.Linear(784, 50), nn.ReLU(), nn.Linear(50, 10))
        with torch.no_grad():  # the solutions network's initial weights (Linear keeps W.T)
            for layer, i in ((self.model[0], 1), (self.model[2], 2)):
                layer.weight.copy_(torch.from_numpy(initial_params[f"W{i}"].T.copy()))
                layer.bias.copy_(torch.from_numpy(initial_params[f"b{i}"]))
        self.loss = nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LEARNING_RATE)
        self.generator = torch.Generator().manual_seed(seed)

    def epoch(self, index):
        torch = self.torch
        started = time.perf_counter()
        order = torch.randperm(len(self.x_train), generator=self.generator)
        for start in range(0, STEPS_PER_EPOCH * BATCH_SIZE, BATCH_SIZE):
            batch = order[start:start + BATCH_SIZE]
            self.optimizer.zero_grad()
            loss = self.loss(self.model(self.x_train[batch]), self.t_train[batch])
            loss.backward()
            self.optimizer.step()
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        with torch.inference_mode():
            self.accuracy(self.x_train, self.t_train)
            test_accuracy = self.accuracy(self.x_test, self.t_test)
        return seconds, time.perf_counter() - started, test_accuracy

    def accuracy(self, x, t, chunk=10_000):
        correct = 0
        for start in range(0, len(x), chunk):
            scores = self.model(x[start:start + chunk])
            correct += int((scores.argmax(dim=1) == t[start:start + chunk]).sum())
        return correct / len(x)


# --------------------------------------------------------------------------------------
# (3) the naive baseline: seed 001's code ("Deep Learning from Scratch", chapter 5)
# --------------------------------------------------------------------------------------

def naive_softmax(x):
    if x.ndim == 2:
        x = x.T
        x = x - np.max(x, axis=0)
        y = np.exp(x) / np.sum(np.exp(x), axis=0)
        return y.T
    x = x - np.max(x)
    return np.exp(x) / np.sum(np.exp(x))


def naive_cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size


class NaiveRelu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = (x <= 0)
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        dx = dout
        return dx


class NaiveAffine:
    def __init__(self, W, b):
        self.W = W
        self.b = b
        self.x = None
        self.original_x_shape = None
        self.dW = None
        self.db = None

    def forward(self, x):
        self.original_x_shape = x.shape
        x = x.reshape(x.shape[0], -1)
        self.x = x
        out = np.dot(self.x, self.W) + self.b
        return out

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        dx = dx.reshape(*self.original_x_shape)
        return dx


class NaiveSoftmaxWithLoss:
    def __init__(self):
        self.loss = None
        self.y = None
        self.t = None

    def forward(self, x, t):
        self.t = t
        self.y = naive_softmax(x)
        self.loss = naive_cross_entropy_error(self.y, self.t)
        return self.loss

    def backward(self, dout=1):
        batch_size = self.t.shape[0]
        if self.t.size == self.y.size:
            dx = (self.y - self.t) / batch_size
        else:
            dx = self.y.copy()
            dx[np.arange(batch_size), self.t] -= 1
            dx = dx / batch_size
        return dx


class NaiveTwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {}
        self.params['W1'] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)
        self.layers = OrderedDict()
        self.layers['Affine1'] = NaiveAffine(self.params['W1'], self.params['b1'])
        self.layers['Relu1'] = NaiveRelu()
        self.layers['Affine2'] = NaiveAffine(self.params['W2'], self.params['b2'])
        self.lastLayer = NaiveSoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        y = self.predict(x)
        return self.lastLayer.forward(y, t)

    def accuracy(self, x, t):
        y = self.predict(x)
        y = np.argmax(y, axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        accuracy = np.sum(y == t) / float(x.shape[0])
        return accuracy

    def gradient(self, x, t):
        self.loss(x, t)
        dout = 1
        dout = self.lastLayer.backward(dout)
        layers = list(self.layers.values())
        layers.reverse()
        for layer in layers:
            dout = layer.backward(dout)
        grads = {}
        grads['W1'], grads['b1'] = self.layers['Affine1'].dW, self.layers['Affine1'].db
        grads['W2'], grads['b2'] = self.layers['Affine2'].dW, self.layers['Affine2'].db
        return grads


class NaiveTrainer:
    name, short = "naive, seed style (float64)", "naive"

    def __init__(self, data, seed):
        x_train, t_train, x_test, t_test = data
        self.x_train, self.x_test = x_train, x_test       # float32, as the seed's loader gives
        self.t_train = np.eye(10)[t_train]                 # one_hot_label=True: float64 rows
        self.t_test = np.eye(10)[t_test]
        np.random.seed(seed)
        self.network = NaiveTwoLayerNet(input_size=784, hidden_size=50, output_size=10)
        self.train_loss_list = []

    def epoch(self, index):
        network, train_size = self.network, self.x_train.shape[0]
        started = time.perf_counter()
        for _ in range(STEPS_PER_EPOCH):
            batch_mask = np.random.choice(train_size, BATCH_SIZE)
            x_batch = self.x_train[batch_mask]
            t_batch = self.t_train[batch_mask]
            grad = network.gradient(x_batch, t_batch)
            for key in ('W1', 'b1', 'W2', 'b2'):
                network.params[key] -= LEARNING_RATE * grad[key]
            loss = network.loss(x_batch, t_batch)
            self.train_loss_list.append(loss)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        network.accuracy(self.x_train, self.t_train)
        test_accuracy = network.accuracy(self.x_test, self.t_test)
        return seconds, time.perf_counter() - started, test_accuracy


# --------------------------------------------------------------------------------------
# the run
# --------------------------------------------------------------------------------------

def thread_report(threads, torch_loaded):
    """What each library says it uses, e.g. 'numpy BLAS (openblas) 2, torch 2'."""
    from threadpoolctl import threadpool_info

    blas = [f"{info['internal_api']} {info['num_threads']}" for info in threadpool_info()
            if info["user_api"] == "blas"]
    parts = [f"numpy BLAS ({', '.join(blas) or 'not found'})"]
    if torch_loaded:
        import torch
        parts.append(f"torch {torch.get_num_threads()}")
    return "; ".join(parts)


def make_trainers(data, seed, skip_torch):
    solutions = SolutionsTrainer(data, seed)
    trainers = [solutions]
    if not skip_torch:
        try:
            trainers.append(TorchTrainer(data, seed, {k: v.copy()
                                                      for k, v in solutions.net.params.items()}))
        except ImportError:
            print("PyTorch is not installed (pip install -e '.[bench]'): no PyTorch column.\n")
    trainers.append(NaiveTrainer(data, seed))
    return trainers


def compare(trainers, epochs):
    """Round-robin epochs; returns {name: (train seconds list, eval seconds list, test acc)}."""
    results = {t.name: ([], [], None) for t in trainers}
    for index in range(epochs):
        line = []
        for trainer in trainers:
            seconds, eval_seconds, accuracy = trainer.epoch(index)
            train_list, eval_list, _ = results[trainer.name]
            train_list.append(seconds)
            eval_list.append(eval_seconds)
            results[trainer.name] = (train_list, eval_list, accuracy)
            line.append(f"{trainer.short} {seconds:5.2f} s (test {accuracy:.4f})")
        print(f"epoch {index + 1:2d}/{epochs}:  " + "  ".join(line), flush=True)
    return results


def print_table(results, epochs, threads_text):
    """The comparison table; returns the median training seconds and the medians of
    training + evaluation seconds, by name."""
    train = {name: statistics.median(r[0]) for name, r in results.items()}
    both = {name: statistics.median(map(sum, zip(r[0], r[1]))) for name, r in results.items()}
    torch_name = next((name for name in results if name.startswith("PyTorch")), None)
    naive_name = next(name for name in results if name.startswith("naive"))
    print(f"\n784-50-10 ReLU, SGD lr {LEARNING_RATE}, batch {BATCH_SIZE}; an epoch is "
          f"{STEPS_PER_EPOCH} steps; medians of {epochs} epochs, taken in turns")
    print(f"threads: {threads_text}\n")
    header = (f"{'':30}{'train s/epoch':>14}{'x PyTorch':>10}{'x naive':>9}{'eval s':>8}"
              f"{'train+eval':>12}{f'test acc @{epochs}':>14}")
    print(header)
    print("-" * len(header))
    for name, (_, eval_list, accuracy) in results.items():
        ratio = f"{train[name] / train[torch_name]:.2f}" if torch_name else "-"
        print(f"{name:30}{train[name]:14.3f}{ratio:>10}{train[name] / train[naive_name]:9.2f}"
              f"{statistics.median(eval_list):8.3f}{both[name]:12.3f}{accuracy:14.4f}")
    return train, both, torch_name, naive_name


def full_run(data, seed):
    """The seed's schedule, 10,000 iterations, on a fresh solutions network."""
    net = LayerNet(SIZES, activation="relu", dtype=np.float32, seed=seed)
    started = time.perf_counter()
    history = train(net, *data, learning_rate=LEARNING_RATE, batch_size=BATCH_SIZE,
                    iterations=SEED_ITERATIONS, seed=seed)
    total = time.perf_counter() - started
    print(f"\nsolutions, seed schedule ({SEED_ITERATIONS} iterations, "
          f"{SEED_ITERATIONS / STEPS_PER_EPOCH:.1f} epochs): {sum(history.epoch_seconds):.1f} s "
          f"training + {sum(history.eval_seconds):.1f} s evaluation ({total:.1f} s in all); "
          f"train accuracy {history.train_accuracy[-1]:.4f}, "
          f"test accuracy {history.test_accuracy[-1]:.4f}")
    return history.test_accuracy[-1]


def profile(trainer, epochs=2):
    profiler = cProfile.Profile()
    profiler.enable()
    for index in range(epochs):
        trainer.epoch(index)
    profiler.disable()
    print(f"cProfile of {epochs} epochs (training and evaluation) of {trainer.name}:")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def _load():
    """The 1-minute load average, or '?' where the system has none."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except (AttributeError, OSError):
        return "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=9,
                        help="epochs per trainer for the comparison (the median is reported)")
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS threads for NumPy and intra-op threads for PyTorch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-torch", action="store_true", help="leave PyTorch out")
    parser.add_argument("--no-full", action="store_true",
                        help="skip the 10,000-iteration run of the solutions network")
    parser.add_argument("--profile", choices=["solutions", "pytorch", "naive"],
                        help="only profile two epochs of one trainer with cProfile")
    args = parser.parse_args(argv)

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        parser.error("needs threadpoolctl to set NumPy's BLAS threads: pip install -e '.[bench]'")
    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, flatten=True)
    data = (x_train, t_train, x_test, t_test)       # float32 images, int64 labels

    with threadpool_limits(limits=args.threads, user_api="blas"):
        trainers = make_trainers(data, args.seed, args.no_torch or args.profile == "naive")
        torch_loaded = any(isinstance(t, TorchTrainer) for t in trainers)
        if torch_loaded:
            import torch
            torch.set_num_threads(args.threads)
        threads_text = thread_report(args.threads, torch_loaded)
        if args.profile:
            chosen = [t for t in trainers if t.short.lower() == args.profile]
            if not chosen:
                parser.error(f"no {args.profile} trainer (is PyTorch installed?)")
            print(f"threads: {threads_text}")
            profile(chosen[0])
            return 0
        load_before = _load()
        results = compare(trainers, args.epochs)
        train_s, both_s, torch_name, naive_name = print_table(results, args.epochs, threads_text)
        print(f"load average {load_before} before, {_load()} after (this run alone adds about "
              f"{args.threads}; more means other work shared the cores, and times spread)")
        final = None if args.no_full else full_run(data, args.seed)

    ours = trainers[0].name
    checks = [(f"solutions / naive = {train_s[ours] / train_s[naive_name]:.2f} in training "
               f"(target <= 0.33; with evaluation {both_s[ours] / both_s[naive_name]:.2f})",
               train_s[ours] * 3 <= train_s[naive_name])]
    if torch_name:
        ratio = train_s[ours] / train_s[torch_name]
        checks.append((f"solutions / PyTorch = {ratio:.2f} in training (target <= 0.70; with "
                       f"evaluation {both_s[ours] / both_s[torch_name]:.2f})", ratio <= 0.7))
    if final is not None:
        checks.append((f"test accuracy after {SEED_ITERATIONS} iterations = {final:.4f} "
                       "(target >= 0.97)", final >= 0.97))
    print()
    for text, ok in checks:
        print(f"{'met   ' if ok else 'MISSED'}  {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
