"""Tests of course.wire, the data format between a learner's kernel and the grader's judge.

What the kernel sends is untrusted: ``decode`` must give back exactly what ``encode`` wrote,
and refuse everything else with a ValueError that says what is wrong, quickly and without
a large allocation or unpickling anything.
"""

import base64
import io
import json
import math
import pickle
import time
import tracemalloc
from enum import IntEnum

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course import wire

NUMBER_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float16", "float32", "float64", ">f8", ">i4"]


def same(a, b) -> bool:
    """Exactly equal, types included: arrays bit for bit (NaN too), bool is not int."""
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
                and a.tobytes() == b.tobytes())
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) ==
                                                      math.copysign(1, b))
    return a == b


def roundtrip(value):
    text = wire.encode(value)
    assert isinstance(text, str)
    return wire.decode(text)


def npy(header: str, body: bytes = b"", version: bytes = b"\x01\x00") -> bytes:
    """.npy bytes with a header written by hand (any claim at all) and ``body``."""
    raw = header.encode("latin1")
    size = 2 if version == b"\x01\x00" else 4
    pad = -(6 + 2 + size + len(raw) + 1) % 64
    length = len(raw) + pad + 1
    return (b"\x93NUMPY" + version + length.to_bytes(size, "little") + raw + b" " * pad
            + b"\n" + body)


def array_message(data: bytes) -> str:
    return json.dumps({"array": base64.b64encode(data).decode("ascii")})


def nest(depth: int, leaf):
    for _ in range(depth):
        leaf = [leaf]
    return leaf


def refused(text, match: str):
    """decode(text) raises a ValueError whose message contains ``match``."""
    with pytest.raises(ValueError) as info:
        wire.decode(text)
    assert type(info.value) is ValueError, type(info.value)
    assert match in str(info.value), str(info.value)
    assert len(str(info.value)) < 400
    return info.value


# --- round trips ----------------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    None, True, False, 0, 1, -7, 2**63 + 5, 0.0, -0.0, 1.5, 1e-300, float("inf"),
    float("-inf"), float("nan"), "", "text", "ünï©ødé ✓", "\ud800", "\x00", '"{}[]\\',
    [], {}, [None, [[]], {}], {"a": {"b": [1, 2.5, "c", None]}, "": 0},
    {"cases": [{"outputs": {"dX": np.ones((2, 3))}}, {"error": "wrong"}]},
])
def test_plain_values_round_trip(value):
    assert same(roundtrip(value), value)


def test_bool_and_int_stay_apart():
    back = roundtrip([True, 1, False, 0, 1.0])
    assert [type(v) for v in back] == [bool, int, bool, int, float]
    assert wire.decode('{"value": 1}') is not True
    assert wire.decode('{"value": true}') is True


def test_tuples_come_back_as_lists_and_dict_order_is_kept():
    assert roundtrip((1, (2, 3))) == [1, [2, 3]]
    assert list(roundtrip({"z": 1, "a": 2, "m": 3})) == ["z", "a", "m"]


@pytest.mark.parametrize("dtype", NUMBER_DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (3, 0), (1,), (2, 3), (2, 1, 3)])
def test_arrays_of_every_number_dtype_round_trip(dtype, shape):
    array = (np.arange(math.prod(shape)) % 3).reshape(shape).astype(dtype)
    back = roundtrip({"x": array})["x"]
    assert same(back, array)
    assert back.flags.writeable and type(back) is np.ndarray


def test_special_floats_and_fortran_order_round_trip():
    array = np.array([[np.nan, np.inf], [-np.inf, -0.0], [1e-320, 3.0]], order="F")
    back = roundtrip(array)
    assert same(back, np.ascontiguousarray(array))
    assert np.array_equal(back, array, equal_nan=True)
    assert np.signbit(back[1, 1])


@pytest.mark.parametrize("scalar", [np.float32(1.5), np.int64(-3), np.bool_(True),
                                    np.uint8(255), np.float64("nan")])
def test_numpy_scalars_come_back_as_0d_arrays(scalar):
    back = roundtrip(scalar)
    assert isinstance(back, np.ndarray) and back.shape == () and back.dtype == scalar.dtype
    assert back.tobytes() == np.asarray(scalar).tobytes()


def test_an_array_view_is_sent_as_its_values():
    base = np.arange(24.0).reshape(4, 6)
    view = base[::2, 1::3].T
    assert same(roundtrip(view), np.ascontiguousarray(view))


leaves = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
          | st.text(max_size=20)
          | hnp.arrays(st.sampled_from(NUMBER_DTYPES),
                       hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)))
data = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(data)
def test_any_nest_of_data_round_trips(value):
    assert same(roundtrip(value), value)


def test_data_as_deep_as_allowed_round_trips():
    value = nest(wire.MAX_DEPTH, {"a": np.zeros(2)})[0]  # dict at depth MAX_DEPTH
    assert same(roundtrip(value), value)


# --- what encode refuses --------------------------------------------------------------------

class Level(IntEnum):
    LOW = 1


class Sneaky(float):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value", [
    object(), {1, 2}, b"bytes", 1j, Level.LOW, Sneaky(1.0), print, {1: "a"}, {None: 1},
    np.array([1, "a"], dtype=object), np.array(["a"]), np.array([1 + 2j]),
    np.zeros(2, dtype=[("a", "f8")]), np.datetime64("2024-01-01"), np.str_("a"),
    [1, [2, {"x": object()}]],
])
def test_encode_refuses_what_is_not_data(value):
    with pytest.raises(TypeError, match="cannot send|only arrays of numbers"):
        wire.encode(value)


def test_encode_refuses_a_cycle_and_too_deep_data():
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match="nested deeper"):
        wire.encode(loop)
    with pytest.raises(ValueError, match="nested deeper"):
        wire.encode(nest(wire.MAX_DEPTH + 1, 0))
    wire.encode(nest(wire.MAX_DEPTH, 0))


# --- hostile messages -----------------------------------------------------------------------

@pytest.mark.parametrize("text, match", [
    ("", "malformed message"),
    ("{", "malformed message"),
    ("not json", "malformed message"),
    ('{"value": 1', "malformed message"),
    (wire.encode({"a": [1, 2, 3]})[:-3], "malformed message"),
    ("null", "bare JSON NoneType"),
    ("[1, 2]", "bare JSON list"),
    ('"text"', "bare JSON str"),
    ("{}", "0 keys"),
    ('{"value": 1, "list": []}', "2 keys"),
    ('{"value": 1, "value": 2}', "2 keys"),
    ('{"object": "x"}', "unknown tag 'object'"),
    ('{"Value": 1}', "unknown tag"),
    ('{"%s": 1}' % ("x" * 100000), "unknown tag"),
    ('{"value": [1]}', "value that is a JSON list"),
    ('{"value": {"value": 1}}', "value that is a JSON tuple"),
    ('{"list": 5}', "list's body is not a list"),
    ('{"list": "abc"}', "list's body is not a list"),
    ('{"list": {"value": 1}}', "list's body is not a list"),
    ('{"list": [1, 2]}', "bare JSON int"),
    ('{"dict": 5}', "dict's body is not a list"),
    ('{"dict": ["ab"]}', "not a [text key, value] pair"),
    ('{"dict": [["a"]]}', "not a [text key, value] pair"),
    ('{"dict": [["a", {"value": 1}, 3]]}', "not a [text key, value] pair"),
    ('{"dict": [[1, {"value": 2}]]}', "not a [text key, value] pair"),
    ('{"dict": [[null, {"value": 2}]]}', "not a [text key, value] pair"),
    ('{"dict": [[true, {"value": 2}]]}', "not a [text key, value] pair"),
    ('{"dict": [["a", {"value": 1}], ["a", {"value": 2}]]}', "key 'a' repeated"),
    ('{"array": 5}', "array's body is not text"),
    ('{"array": null}', "array's body is not text"),
    ('{"array": "%%%%"}', "not base64"),
    ('{"array": "k05VTVBZ"}', "not .npy data"),  # valid base64, truncated magic
    ('{"array": "AAAAA"}', "not base64"),  # bad padding
    ('{"array": "ünï"}', "not base64"),
])
def test_malformed_messages_are_refused(text, match):
    refused(text, match)


@pytest.mark.parametrize("thing", [b'{"value": 1}', {"value": 1}, None, 5, ["x"]])
def test_decode_takes_only_text(thing):
    refused(thing, "not text")


def test_every_truncation_of_a_message_is_refused():
    text = wire.encode({"x": np.arange(5.0), "y": [1, "two", None]})
    for end in range(len(text)):
        refused(text[:end], "malformed message")


@pytest.mark.parametrize("array", [
    np.array([1, "a", None], dtype=object),
    np.array(["text"]),
    np.array([b"bytes"]),
    np.zeros(2, dtype=[("a", "<f8"), ("b", "<i4")]),
    np.array([1 + 2j]),
    np.array(["2024-01-01"], dtype="datetime64[D]"),
    np.array([1], dtype="timedelta64[s]"),
])
def test_arrays_that_are_not_numbers_are_refused(array):
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    refused(array_message(buffer.getvalue()), "is not numbers")


UNPICKLED = []


def tripwire():
    """Called only if a pickle in a message were ever loaded."""
    UNPICKLED.append(True)
    return 0


class Trap:
    def __reduce__(self):
        return tripwire, ()


def test_a_pickle_in_an_array_is_never_loaded():
    buffer = io.BytesIO()
    np.save(buffer, np.array([Trap()], dtype=object), allow_pickle=True)
    refused(array_message(buffer.getvalue()), "is not numbers")
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }"
    refused(array_message(npy(header, pickle.dumps(Trap()))), "does not match")
    refused(array_message(pickle.dumps(Trap())), "not .npy data")
    assert not UNPICKLED


def test_a_zip_archive_is_not_an_array():
    buffer = io.BytesIO()
    np.savez(buffer, x=np.ones(3))
    refused(array_message(buffer.getvalue()), "not .npy data")


F8 = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }"


@pytest.mark.parametrize("header, body, match", [
    (F8 % "(10**6, 10**6)", b"", "not .npy data"),  # an expression, not a literal
    (F8 % "(1000000, 1000000)", b"\0" * 64, "does not match"),
    (F8 % "(100000, 10000)", b"", "does not match"),
    (F8 % f"({2**62}, {2**62}, {2**62})", b"\0" * 8, "does not match"),
    (F8 % ("(" + "9" * 4000 + ",)"), b"", "does not match"),
    (F8 % "(3,)", b"\0" * 16, "does not match"),  # too short
    (F8 % "(1,)", b"\0" * 16, "does not match"),  # bytes left over
    (F8 % "(-1,)", b"\0" * 8, "whole numbers"),
    (F8 % "(-2, -4)", b"\0" * 64, "whole numbers"),
    (F8 % "(True, 2)", b"\0" * 16, "whole numbers"),  # a bool posing as a length
    (F8 % "(2.0,)", b"\0" * 16, "not .npy data"),
    (F8 % "[2]", b"\0" * 16, "not .npy data"),
    (F8 % "'2'", b"\0" * 16, "not .npy data"),
    ("{'descr': '<f8', 'fortran_order': 'yes', 'shape': (2,), }", b"\0" * 16, "not .npy"),
    ("{'descr': 'nonsense', 'fortran_order': False, 'shape': (2,), }", b"", "not .npy"),
    ("{'descr': 5, 'fortran_order': False, 'shape': (2,), }", b"", "not .npy"),
    ("{'descr': [5], 'fortran_order': False, 'shape': (2,), }", b"", "not .npy"),
    ("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", b"\0" * 8, "not numbers"),
    ("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", b"\0" * 12, "not numbers"),
    ("{'descr': [('a', '<f8', (10**9, 10**9))], 'fortran_order': False, 'shape': (1,), }",
     b"", "not"),
    ("{'fortran_order': False, 'shape': (2,), }", b"\0" * 16, "not .npy"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}", b"\0" * 16,
     "not .npy"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), " + " " * 20000 + "}",
     b"\0" * 16, "not .npy"),  # a header over numpy's size limit
    ("__import__('os').system('false')", b"", "not .npy"),
])
def test_hostile_npy_headers_are_refused_without_allocating(header, body, match):
    text = array_message(npy(header, body))
    tracemalloc.start()
    try:
        refused(text, match)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(text) + 1_000_000


def test_a_header_that_breaks_numpys_tokenizer_is_refused():
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((1, 1), dtype=bool))
    raw = bytearray(buffer.getvalue())
    raw[65] = 0  # inside the shape: numpy's header parser raised tokenize.TokenError
    refused(array_message(bytes(raw)), "not .npy data")


@pytest.mark.parametrize("version", [b"\x03\x00", b"\x09\x09", b"\x00\x00"])
def test_npy_versions_other_than_1_and_2_are_refused(version):
    refused(array_message(npy(F8 % "(1,)", b"\0" * 8, version=version)), "not .npy")


def test_npy_version_2_is_read():
    assert same(wire.decode(array_message(npy(F8 % "(2,)", b"\0" * 16, b"\x02\x00"))),
                np.zeros(2))


def test_a_message_over_the_size_limit_is_refused_before_parsing():
    text = " " * (wire.MAX_TEXT - 12) + '{"value": 1}'
    assert wire.decode(text) == 1  # at the limit: read
    started = time.perf_counter()
    refused(" " + text, "message too long")
    refused("[" * (wire.MAX_TEXT + 1), "message too long")
    assert time.perf_counter() - started < 0.5


def test_a_long_list_under_the_limit_is_read():
    count = 500_000
    text = '{"list": [' + ",".join(['{"value": 0}'] * count) + "]}"
    assert len(text) < wire.MAX_TEXT
    assert wire.decode(text) == [0] * count


@pytest.mark.parametrize("text", [
    '{"list": [' * 100_000,
    '{"list": [' * 100_000 + '{"value": 0}' + "]}" * 100_000,
    "[" * 100_000 + "]" * 100_000,
    '{"dict": [["a", ' * 100_000,
    '{"value": ' * 100_000 + "1" + "}" * 100_000,
])
def test_deep_nesting_is_a_clean_value_error(text):
    refused(text, "malformed message")


def test_nesting_is_limited_to_max_depth():
    refused(wire.encode(nest(wire.MAX_DEPTH, 0)).replace('{"value": 0}',
                                                         '{"list": [{"value": 0}]}'),
            f"nested deeper than {wire.MAX_DEPTH}")
    assert wire.decode(wire.encode(nest(wire.MAX_DEPTH, 0))) == nest(wire.MAX_DEPTH, 0)


def test_decoded_arrays_do_not_share_the_message_bytes():
    back = wire.decode(wire.encode(np.arange(4)))
    back[0] = 9  # writable, and its own memory
    assert back.base is None or back.base.flags.writeable


# --- anything at all: ValueError or plain data ----------------------------------------------

def plain(value) -> bool:
    """Only what ``encode`` can write: no other type can come out of ``decode``."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    if isinstance(value, np.ndarray):
        return type(value) is np.ndarray and value.dtype.kind in "biuf"
    return value is None or type(value) in (bool, int, float, str)


def outcome(text):
    try:
        value = wire.decode(text)
    except ValueError as error:
        assert type(error) is ValueError and str(error)
        return None
    assert plain(value), value
    return value


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    | st.sampled_from(["dict", "list", "array", "value", "k05VTVBZAQA="]),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["dict", "list", "array", "value", "x"]), inner,
                      max_size=2), max_leaves=15)


@settings(max_examples=500, deadline=None)
@given(json_values)
def test_any_json_decodes_to_plain_data_or_a_value_error(value):
    outcome(json.dumps(value))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_decodes_to_plain_data_or_a_value_error(text):
    outcome(text)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_as_an_array_are_an_array_of_numbers_or_a_value_error(raw):
    outcome(array_message(raw))


@settings(max_examples=300, deadline=None)
@given(hnp.arrays(st.sampled_from(NUMBER_DTYPES), hnp.array_shapes(min_dims=0, max_side=4)),
       st.data())
def test_a_damaged_npy_is_refused_or_still_numbers(array, draw):
    buffer = io.BytesIO()
    np.save(buffer, array)
    raw = bytearray(buffer.getvalue())
    at = draw.draw(st.integers(0, len(raw) - 1))
    raw[at] = draw.draw(st.integers(0, 255))
    keep = draw.draw(st.integers(0, len(raw)))
    outcome(array_message(bytes(raw[:keep])))


# --- the judge ------------------------------------------------------------------------------

@pytest.mark.parametrize("report", [
    '{"list": [' * 100_000,
    array_message(npy(F8 % "(100000, 10000)")),
    array_message(npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }")),
    {"value": 1},
    " " * (wire.MAX_TEXT + 1),
])
def test_the_judge_reads_a_hostile_report_as_unreadable(report):
    from nbformat.v4 import new_output

    from autograder.judge import JudgedExecute
    from course.probe import MIME

    judge = JudgedExecute()

    def run(cell, resources, index, store_history=True):
        cell.outputs = [new_output("display_data", data={MIME: report})]

    judge._run = run
    problems, mistake = judge.judge("mul_layer", "MulLayer", 0)
    assert mistake is None
    assert len(problems) == 1 and "your answer's results were unreadable" in problems[0]
    assert len(problems[0]) < 500
