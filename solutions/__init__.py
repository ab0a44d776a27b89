"""Reference implementations of every exercise of the course.

This package is the grader's side: hidden tests compare a learner's answers with it on
fresh random inputs. Learners write their own versions in the notebooks.

Conventions used everywhere:
- a batch is laid out with one example per row: ``x`` has shape ``(N, D)``;
- layers have ``forward(...)`` and ``backward(dout)``; no method mutates its caller's
  arrays, and float32 inputs give float32 outputs.
"""

from solutions.activations import (
    Relu,
    Sigmoid,
    binary_cross_entropy,
    binary_cross_entropy_derivative,
    sigmoid,
    sigmoid_derivative,
)
from solutions.graph import AddLayer, MulLayer, numerical_derivative
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
from solutions.network import LayerNet, TrainingHistory, train

__all__ = [
    "AddLayer",
    "Affine",
    "LayerNet",
    "MulLayer",
    "Relu",
    "Sigmoid",
    "SoftmaxWithLoss",
    "TrainingHistory",
    "binary_cross_entropy",
    "binary_cross_entropy_derivative",
    "cross_entropy_error",
    "gradient_descent",
    "logistic_gradients_loop",
    "logistic_gradients_one_example",
    "logistic_propagate",
    "numerical_derivative",
    "numerical_gradient",
    "one_hot",
    "per_class_sigmoid_gradients",
    "relative_error",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "train",
    "two_layer_backprop",
]
