"""Reference implementations of every exercise of the course.

This package is the grader's side: hidden tests compare a learner's answers with it on
fresh random inputs. Learners write their own versions in the notebooks.

Conventions used everywhere:
- a batch is laid out with one example per row: ``x`` has shape ``(N, D)``;
- layers have ``forward(...)`` and ``backward(dout)``; no method mutates its caller's
  arrays, and float32 inputs give float32 outputs.
"""

from solutions import autodiff
from solutions.activations import (
    Relu,
    Sigmoid,
    binary_cross_entropy,
    binary_cross_entropy_derivative,
    sigmoid,
    sigmoid_chain,
    sigmoid_derivative,
    sigmoid_squared_error,
)
from solutions.autodiff import (
    Tape,
    Tensor,
    Value,
    mlp_gradients_by_hand,
    mlp_gradients_tape,
    train_mlp,
)
from solutions.graph import AddLayer, DivLayer, MulLayer, numerical_derivative
from solutions.layers import (
    Affine,
    SoftmaxWithLoss,
    cross_entropy_error,
    numerical_gradient,
    relative_error,
    softmax,
    two_layer_backprop,
)
from solutions.logistic import (
    gradient_descent,
    logistic_gradients_loop,
    logistic_gradients_one_example,
    logistic_propagate,
    one_hot,
    per_class_sigmoid_gradients,
)
from solutions.network import LayerNet, TrainingHistory, init_params, sgd_epoch, train

__all__ = [
    "AddLayer",
    "Affine",
    "DivLayer",
    "LayerNet",
    "MulLayer",
    "Relu",
    "Sigmoid",
    "SoftmaxWithLoss",
    "Tape",
    "Tensor",
    "TrainingHistory",
    "Value",
    "autodiff",
    "binary_cross_entropy",
    "binary_cross_entropy_derivative",
    "cross_entropy_error",
    "gradient_descent",
    "init_params",
    "logistic_gradients_loop",
    "logistic_gradients_one_example",
    "logistic_propagate",
    "mlp_gradients_by_hand",
    "mlp_gradients_tape",
    "numerical_derivative",
    "numerical_gradient",
    "one_hot",
    "per_class_sigmoid_gradients",
    "relative_error",
    "sgd_epoch",
    "sigmoid",
    "sigmoid_chain",
    "sigmoid_derivative",
    "sigmoid_squared_error",
    "softmax",
    "train",
    "train_mlp",
    "two_layer_backprop",
]
