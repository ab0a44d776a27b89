"""Plain data between the grader and a notebook's kernel: numbers, strings, arrays.

Arrays travel as .npy bytes (base64) read back with ``allow_pickle=False``, so whatever
crosses is numbers, never an object whose methods could lie about its value.
"""

import base64
import io
import json

import numpy as np


def encode(value) -> str:
    """JSON text for a nest of dicts, lists, numbers, strings, None and arrays."""
    return json.dumps(_tag(value))


def decode(text: str):
    """The value ``encode`` wrote; arrays come back as plain ndarrays of numbers."""
    return _untag(json.loads(text))


def _tag(value):
    if isinstance(value, dict):
        return {"dict": [[str(k), _tag(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {"list": [_tag(v) for v in value]}
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"only arrays of numbers can be sent, not dtype {array.dtype}")
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return {"array": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if value is None or type(value) in (bool, int, float, str):
        return {"value": value}
    raise TypeError(f"cannot send a {type(value).__name__}")


def _untag(node):
    if not isinstance(node, dict) or len(node) != 1:
        raise ValueError("malformed message")
    (kind, body), = node.items()
    if kind == "dict":
        return {str(k): _untag(v) for k, v in body}
    if kind == "list":
        return [_untag(v) for v in body]
    if kind == "array":
        array = np.load(io.BytesIO(base64.b64decode(body)), allow_pickle=False)
        if array.dtype.kind not in "biuf":
            raise ValueError(f"an array of dtype {array.dtype} is not numbers")
        return array
    if kind == "value" and (body is None or type(body) in (bool, int, float, str)):
        return body
    raise ValueError("malformed message")
