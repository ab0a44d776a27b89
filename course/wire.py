"""Plain data between the grader and a notebook's kernel: numbers, strings, arrays.

Arrays travel as .npy bytes (base64) whose header is read and checked here, the numbers
then taken as they are: whatever crosses is numbers, never an object whose methods could
lie about its value, and never a pickle.

``decode`` reads what a learner's kernel sent, so it trusts nothing: a message longer than
``MAX_TEXT`` characters or nested deeper than ``MAX_DEPTH`` dicts and lists, an array whose
header does not match its bytes, anything but the tagged form ``encode`` writes, is refused
with a ValueError (before any large allocation). The real messages are far smaller (the
grader's inputs and a kernel's report take under 100 kB) and at most a few levels deep.
"""

import base64
import io
import json
import math

import numpy as np

MAX_TEXT = 8_000_000
"""The longest message ``decode`` reads, in characters."""
MAX_DEPTH = 64
"""The most dicts and lists nested in one another that a message may hold."""

NUMBER_KINDS = "biuf"  # bool, signed and unsigned integers, floats


def encode(value) -> str:
    """JSON text for a nest of dicts (text keys), lists, numbers, strings, None and arrays
    of numbers (tuples go as lists, NumPy scalars as 0-d arrays)."""
    return json.dumps(_tag(value, 0))


def decode(text: str):
    """The value ``encode`` wrote; arrays come back as plain ndarrays of numbers. Anything
    else raises ValueError."""
    if not isinstance(text, str):
        raise ValueError(f"malformed message: a {type(text).__name__}, not text")
    if len(text) > MAX_TEXT:
        raise ValueError(f"message too long: {len(text):,} characters, at most "
                         f"{MAX_TEXT:,} are read")
    try:
        tree = json.loads(text, object_pairs_hook=_one_pair)
    except RecursionError:
        raise ValueError("malformed message: nested too deeply") from None
    except ValueError as error:  # not JSON, or a node without exactly one tag
        raise ValueError(f"malformed message: {_short(str(error), 200)}") from None
    return _untag(tree, 0)


def _tag(value, depth):
    if depth > MAX_DEPTH:
        raise ValueError(f"cannot send data nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("cannot send a dict whose keys are not all text")
        return {"dict": [[key, _tag(v, depth + 1)] for key, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return {"list": [_tag(v, depth + 1) for v in value]}
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.asarray(value)
        if array.dtype.kind not in NUMBER_KINDS:
            raise TypeError(f"only arrays of numbers can be sent, not dtype {array.dtype}")
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return {"array": base64.b64encode(buffer.getvalue()).decode("ascii")}
    if value is None or type(value) in (bool, int, float, str):
        return {"value": value}
    raise TypeError(f"cannot send a {type(value).__name__}")


def _one_pair(pairs):
    """A JSON object of the message as its one (tag, body) pair."""
    if len(pairs) != 1:
        raise ValueError(f"a node has {len(pairs)} keys, not one tag")
    return pairs[0]


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _untag(node, depth):
    if depth > MAX_DEPTH:
        raise ValueError(f"malformed message: nested deeper than {MAX_DEPTH} levels")
    if not isinstance(node, tuple):
        raise ValueError(f"malformed message: a bare JSON {type(node).__name__} where a "
                         "tagged node belongs")
    kind, body = node
    if kind == "dict":
        if not isinstance(body, list):
            raise ValueError("malformed message: a dict's body is not a list of entries")
        result = {}
        for entry in body:
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
                raise ValueError("malformed message: a dict entry is not a [text key, value]"
                                 " pair")
            key, value = entry
            if key in result:
                raise ValueError(f"malformed message: dict key {_short(repr(key))} repeated")
            result[key] = _untag(value, depth + 1)
        return result
    if kind == "list":
        if not isinstance(body, list):
            raise ValueError("malformed message: a list's body is not a list")
        return [_untag(v, depth + 1) for v in body]
    if kind == "array":
        return _array(body)
    if kind == "value":
        if body is None or type(body) in (bool, int, float, str):
            return body
        raise ValueError(f"malformed message: a value that is a JSON {type(body).__name__}")
    raise ValueError(f"malformed message: unknown tag {_short(repr(kind))}")


def _array(body) -> np.ndarray:
    """The array in base64 .npy text ``body``: its header is checked (numbers only, a shape
    whose size is exactly the bytes that follow) before any memory is set aside for it."""
    if not isinstance(body, str):
        raise ValueError("malformed message: an array's body is not text")
    try:
        raw = base64.b64decode(body, validate=True)
    except ValueError as error:  # binascii.Error, or characters beyond ASCII
        raise ValueError(f"malformed message: an array is not base64 ({error})") from None
    stream = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
        else:
            raise ValueError(f".npy format version {version} is not read")
    except Exception as error:  # a bad header raises many kinds (ValueError, TokenError, ...)
        raise ValueError(f"malformed message: an array is not .npy data "
                         f"({_short(str(error), 200)})") from None
    if dtype.kind not in NUMBER_KINDS:
        raise ValueError(f"an array of dtype {_short(str(dtype))} is not numbers")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise ValueError("malformed message: an array's shape is not whole numbers >= 0")
    data = raw[stream.tell():]
    if math.prod(shape) * dtype.itemsize != len(data):
        raise ValueError(f"malformed message: an array's header (dtype {dtype}, "
                         f"{len(shape)} dimensions) does not match its {len(data):,} bytes")
    flat = np.frombuffer(data, dtype=dtype)
    return flat.reshape(shape, order="F" if fortran else "C").copy()
