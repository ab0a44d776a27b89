"""Tests of course.data: real MNIST and Zoo files, IDX parsing, checksums, downloads.

Real-data tests read the folder named by BACKPROP_COURSE_DATA (CI sets it): on a laptop
without it they are skipped, saying what to set; under CI (``CI=true``) they fail. Every
test runs with downloads disabled (BACKPROP_COURSE_OFFLINE=1) and a temporary cache folder;
the download tests serve bytes from a fake ``urlopen``.
"""

import gzip
import hashlib
import io
import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from course import data
from tests.needs import require

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
ZOO_COUNTS = [41, 20, 5, 13, 4, 8, 10]


REAL_DATA = os.environ.get(data.DATA_ENV)  # read once: some tests unset the variable


def _real_file(name: str) -> Path:
    """Path of a real data file in $BACKPROP_COURSE_DATA; without it the test is skipped
    (under CI it fails, see ``tests.needs``)."""
    install = (f"set {data.DATA_ENV} to a folder with mnist/ and zoo/ subfolders holding "
               "the real data files")
    require(bool(REAL_DATA), f"{data.DATA_ENV} (the real data files)", install)
    folder = Path(REAL_DATA)
    require(folder.is_dir(), f"the folder {data.DATA_ENV}={folder}", install)
    file = folder / data.FILES[name].folder / name
    require(file.is_file(), f"{file} ({data.DATA_ENV}={folder})", install)
    return file


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """No network, and a throw-away cache folder instead of the user's."""
    monkeypatch.setenv(data.OFFLINE_ENV, "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def no_data_env(monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)


@pytest.fixture(scope="module")
def mnist():
    for name in [*data.MNIST_TRAIN, *data.MNIST_TEST]:
        _real_file(name)
    return data.load_mnist()


def write_idx(file: Path, array: np.ndarray, type_code: int = 0x08) -> Path:
    """Write ``array`` as a gzip-compressed IDX file, big-endian, like the MNIST files."""
    dtype = np.dtype(data._IDX_TYPES[type_code])
    header = bytes([0, 0, type_code, array.ndim])
    header += b"".join(n.to_bytes(4, "big") for n in array.shape)
    file.write_bytes(gzip.compress(header + array.astype(dtype).tobytes()))
    return file


# --- real MNIST -----------------------------------------------------------------------------

def test_mnist_shapes_dtypes_and_range(mnist):
    (x_train, t_train), (x_test, t_test) = mnist
    assert x_train.shape == (60000, 784) and x_test.shape == (10000, 784)
    assert t_train.shape == (60000,) and t_test.shape == (10000,)
    assert x_train.dtype == x_test.dtype == np.float32
    assert np.issubdtype(t_train.dtype, np.integer)
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    assert x_test.min() == 0.0 and x_test.max() == 1.0
    assert t_train[:5].tolist() == [5, 0, 4, 1, 9] and t_test[:3].tolist() == [7, 2, 1]


def test_mnist_label_counts(mnist):
    (_, t_train), (_, t_test) = mnist
    assert np.bincount(t_train, minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(t_test, minlength=10).tolist() == TEST_COUNTS


def test_mnist_raw_images_match_normalized(mnist):
    (x_train, _), (x_test, _) = mnist
    (raw_train, _), (raw_test, _) = data.load_mnist(normalize=False)
    assert raw_train.dtype == np.uint8 and raw_train.shape == (60000, 784)
    assert raw_train.max() == 255
    np.testing.assert_array_equal(raw_train / np.float32(255), x_train)
    np.testing.assert_array_equal(raw_test / np.float32(255), x_test)


def test_mnist_unflattened_and_one_hot(mnist):
    (x_train, t_train), (x_test, t_test) = mnist
    (x4_train, y_train), (x4_test, y_test) = data.load_mnist(flatten=False, one_hot=True)
    assert x4_train.shape == (60000, 1, 28, 28) and x4_test.shape == (10000, 1, 28, 28)
    np.testing.assert_array_equal(x4_train.reshape(60000, 784), x_train)
    assert y_train.shape == (60000, 10) and y_test.shape == (10000, 10)
    assert y_train.dtype == np.float32
    np.testing.assert_array_equal(y_train.sum(axis=1), 1.0)
    np.testing.assert_array_equal(y_train.argmax(axis=1), t_train)
    np.testing.assert_array_equal(y_test.argmax(axis=1), t_test)


def test_mnist_arrays_are_fresh_so_the_cache_cannot_be_corrupted(mnist):
    for normalize in (False, True):
        (x, t), _ = data.load_mnist(normalize=normalize)
        assert x.flags.writeable and t.flags.writeable
        x[:] = 7
        t[:] = 3
        (x_again, t_again), _ = data.load_mnist(normalize=normalize)
        assert x_again.max() != 7 or x_again.min() != 7
        assert np.bincount(t_again, minlength=10).tolist() == TRAIN_COUNTS


def test_mnist_second_call_uses_the_memory_cache(mnist, monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("read_idx called again although the files did not change")

    def no_hashing(file):
        raise AssertionError(f"{file} hashed again although it did not change")

    data.load_mnist()  # make sure everything is cached
    monkeypatch.setattr(data, "read_idx", no_parsing)
    monkeypatch.setattr(data, "_sha256_file", no_hashing)
    (x, _), _ = data.load_mnist()
    assert x.shape == (60000, 784)


def test_real_mnist_header_is_validated_by_read_idx():
    images = data.read_idx(_real_file("t10k-images-idx3-ubyte.gz"), data.IMAGES_MAGIC)
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert not images.flags.writeable
    with pytest.raises(data.DataCorruptError, match="magic number 2051, expected 2049"):
        data.read_idx(_real_file("t10k-images-idx3-ubyte.gz"), data.LABELS_MAGIC)


# --- real Zoo -------------------------------------------------------------------------------

def test_zoo_shapes_and_class_counts():
    _real_file(data.ZOO)
    x, t = data.load_zoo()
    assert x.shape == (101, 16) and x.dtype == np.float32
    assert t.shape == (101,) and np.issubdtype(t.dtype, np.integer)
    assert np.bincount(t).tolist() == ZOO_COUNTS
    legs = x[:, 12]
    assert set(np.unique(legs).tolist()) <= {0, 2, 4, 5, 6, 8}
    assert set(np.unique(np.delete(x, 12, axis=1)).tolist()) == {0.0, 1.0}
    assert x[0].tolist()[:4] == [1, 0, 0, 1] and t[0] == 0 and t[2] == 3


def test_zoo_from_a_path_argument_with_flat_layout(tmp_path, no_data_env):
    shutil.copy(_real_file(data.ZOO), tmp_path / data.ZOO)
    x, t = data.load_zoo(path=tmp_path)
    assert x.shape == (101, 16) and np.bincount(t).tolist() == ZOO_COUNTS


def test_xor():
    x, t = data.make_xor()
    assert x.shape == (4, 2) and np.issubdtype(x.dtype, np.floating)
    assert x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert t.tolist() == [0, 1, 1, 0]
    np.testing.assert_array_equal(t, np.logical_xor(x[:, 0], x[:, 1]))


# --- where files are searched ---------------------------------------------------------------

def test_search_order_and_data_home(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_ENV, str(tmp_path / "shared"))
    assert data.data_home() == tmp_path / "xdg-cache" / "backprop-course"
    assert data.search_path(tmp_path / "mine") == [
        tmp_path / "mine", tmp_path / "shared", tmp_path / "xdg-cache" / "backprop-course"]
    monkeypatch.delenv(data.DATA_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert data.search_path() == [Path.home() / ".cache" / "backprop-course"]


# --- IDX parsing ----------------------------------------------------------------------------

def test_read_idx_tiny_file(tmp_path):
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    parsed = data.read_idx(write_idx(tmp_path / "tiny.gz", array), magic=0x0803)
    assert parsed.dtype == np.uint8
    np.testing.assert_array_equal(parsed, array)
    labels = data.read_idx(write_idx(tmp_path / "labels.gz", np.array([3, 1, 4], np.uint8)))
    assert labels.tolist() == [3, 1, 4]


def test_read_idx_big_endian_int32(tmp_path):
    array = np.array([[1, -2], [70000, -300000]], dtype=np.int32)
    parsed = data.read_idx(write_idx(tmp_path / "ints.gz", array, type_code=0x0C))
    assert parsed.dtype.isnative and parsed.tolist() == array.tolist()


def _tiny_idx_bytes() -> bytes:
    return bytes([0, 0, 8, 2]) + (2).to_bytes(4, "big") + (3).to_bytes(4, "big") + bytes(6)


@pytest.mark.parametrize("raw, problem", [
    (_tiny_idx_bytes()[:-1], "holds 5"),                   # payload one byte short
    (_tiny_idx_bytes()[:12 + 2], "holds 2"),               # most of the payload gone
    (_tiny_idx_bytes() + b"\0", "holds 7"),                # one byte too many
    (_tiny_idx_bytes()[:9], "header cut short"),           # second size cut
    (_tiny_idx_bytes()[:3], "too short"),
    (b"\xde\xad\xbe\xef" + _tiny_idx_bytes()[4:], "bad magic"),
    (bytes([0, 0, 7, 2]) + _tiny_idx_bytes()[4:], "bad magic"),  # unknown type code
    (bytes([0, 0, 8, 0]), "bad magic"),                    # zero dimensions
])
def test_read_idx_rejects_truncated_or_bad_files(tmp_path, raw, problem):
    file = tmp_path / "bad.gz"
    file.write_bytes(gzip.compress(raw))
    with pytest.raises(data.DataCorruptError, match=problem) as info:
        data.read_idx(file)
    assert str(file) in str(info.value)


def test_read_idx_rejects_wrong_magic_and_broken_gzip(tmp_path):
    file = write_idx(tmp_path / "labels.gz", np.zeros(5, np.uint8))
    with pytest.raises(data.DataCorruptError, match="magic number 2049, expected 2051"):
        data.read_idx(file, magic=data.IMAGES_MAGIC)
    cut = tmp_path / "cut.gz"
    cut.write_bytes(file.read_bytes()[:-6])  # gzip stream without its end
    with pytest.raises(data.DataCorruptError, match="not a complete gzip file"):
        data.read_idx(cut)
    plain = tmp_path / "plain.gz"
    plain.write_bytes(_tiny_idx_bytes())  # not compressed at all
    with pytest.raises(data.DataCorruptError, match="not a complete gzip file"):
        data.read_idx(plain)
    with pytest.raises(FileNotFoundError):
        data.read_idx(tmp_path / "absent.gz")


# --- checksums of files found in folders ----------------------------------------------------

def _corrupt_copy(name: str, folder: Path, flip_at: int | None = None, keep: int | None = None):
    source = _real_file(name)
    target = folder / data.FILES[name].folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = bytearray(source.read_bytes())
    if flip_at is not None:
        raw[flip_at] ^= 0xFF
    target.write_bytes(bytes(raw[:keep]))
    return target


def test_flipped_byte_in_a_real_file_is_reported(tmp_path):
    bad = _corrupt_copy("train-labels-idx1-ubyte.gz", tmp_path, flip_at=1000)
    with pytest.raises(data.DataCorruptError) as info:
        data.load_mnist(path=tmp_path)  # the other files come from $BACKPROP_COURSE_DATA
    message = str(info.value)
    assert str(bad) in message
    assert data.FILES["train-labels-idx1-ubyte.gz"].sha256 in message
    assert "Delete it" in message


def test_truncated_real_file_is_reported(tmp_path):
    bad = _corrupt_copy("t10k-labels-idx1-ubyte.gz", tmp_path, keep=3000)
    with pytest.raises(data.DataCorruptError, match="3,000 bytes") as info:
        data.load_mnist(path=tmp_path)
    assert str(bad) in str(info.value)


def test_changed_file_is_verified_again(tmp_path):
    good = _corrupt_copy(data.ZOO, tmp_path)  # an intact copy
    assert data.find_file(data.ZOO, path=tmp_path) == good
    raw = bytearray(good.read_bytes())
    raw[-1] ^= 1
    good.write_bytes(bytes(raw))
    stat = good.stat()
    os.utime(good, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    with pytest.raises(data.DataCorruptError, match=data.FILES[data.ZOO].sha256):
        data.load_zoo(path=tmp_path)


# --- missing files --------------------------------------------------------------------------

def test_missing_files_offline_are_all_listed(tmp_path, no_data_env):
    with pytest.raises(data.DataNotFoundError) as info:
        data.load_mnist(path=tmp_path / "empty")
    error = info.value
    assert isinstance(error, FileNotFoundError)
    assert error.missing == [*data.MNIST_TRAIN, *data.MNIST_TEST]
    message = str(error)
    for name in error.missing:
        assert name in message
    assert str(tmp_path / "empty") in message and str(data.data_home()) in message
    assert data.OFFLINE_ENV in message and data.DATA_ENV in message
    assert error.searched == data.search_path(tmp_path / "empty")


def test_only_the_missing_files_are_listed(tmp_path, no_data_env):
    _corrupt_copy("t10k-labels-idx1-ubyte.gz", tmp_path)  # an intact copy
    with pytest.raises(data.DataNotFoundError) as info:
        data.load_mnist(path=tmp_path)
    assert info.value.missing == [*data.MNIST_TRAIN, "t10k-images-idx3-ubyte.gz"]
    assert "t10k-labels" not in str(info.value).splitlines()[0]


def test_failed_download_is_reported(tmp_path, no_data_env, monkeypatch):
    monkeypatch.delenv(data.OFFLINE_ENV)
    calls = []

    def no_network(url, timeout=None):
        calls.append(url)
        raise urllib.error.URLError("no network here")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with pytest.raises(data.DataNotFoundError) as info:
        data.load_mnist(path=tmp_path)
    assert len(info.value.missing) == 4
    assert "no network here" in str(info.value)
    # both mirrors of the first file were tried, then no more time was spent on the rest
    assert calls == list(data.FILES["train-images-idx3-ubyte.gz"].urls)
    assert not list((data.data_home() / "mnist").iterdir())


def test_download_function_can_be_replaced(tmp_path, no_data_env, monkeypatch):
    monkeypatch.delenv(data.OFFLINE_ENV)

    def refuse(name, folder=None, progress=None):
        raise OSError(f"refusing to fetch {name}")

    monkeypatch.setattr(data, "download", refuse)
    with pytest.raises(data.DataNotFoundError, match=f"refusing to fetch {data.ZOO}"):
        data.load_zoo()


# --- downloads (fake urlopen) ---------------------------------------------------------------

PAYLOAD = bytes(range(256)) * 1000  # 256,000 bytes: several chunks


@pytest.fixture
def tiny_remote(monkeypatch):
    """A known file 'tiny.bin' with two mirrors; returns it."""
    remote = data.RemoteFile("mnist", "tiny.bin", len(PAYLOAD), hashlib.sha256(PAYLOAD).hexdigest(),
                             ("https://one.invalid/tiny.bin", "https://two.invalid/tiny.bin"))
    monkeypatch.setitem(data.FILES, remote.name, remote)
    return remote


def serve(monkeypatch, responses: dict[str, bytes | Exception]) -> list[str]:
    """Replace urlopen: each URL gets its bytes or raises its exception. Returns URLs asked."""
    asked = []

    def fake_urlopen(url, timeout=None):
        asked.append(url)
        assert timeout == data.TIMEOUT
        response = responses[url]
        if isinstance(response, Exception):
            raise response
        return io.BytesIO(response)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    return asked


def test_download_writes_the_file_atomically(tmp_path, tiny_remote, monkeypatch):
    serve(monkeypatch, {tiny_remote.urls[0]: PAYLOAD})
    progress = []
    path = data.download("tiny.bin", tmp_path, progress=lambda *p: progress.append(p))
    assert path == tmp_path / "mnist" / "tiny.bin"
    assert path.read_bytes() == PAYLOAD
    assert os.listdir(path.parent) == ["tiny.bin"]  # no temporary file left
    assert progress[-1] == (len(PAYLOAD), len(PAYLOAD)) and len(progress) > 1


def test_download_with_bad_bytes_leaves_nothing(tmp_path, tiny_remote, monkeypatch):
    bad = PAYLOAD[:-1] + b"\x00"
    asked = serve(monkeypatch, {tiny_remote.urls[0]: bad, tiny_remote.urls[1]: PAYLOAD[:1000]})
    with pytest.raises(data.DataCorruptError) as info:
        data.download("tiny.bin", tmp_path, progress=lambda *p: None)
    assert asked == list(tiny_remote.urls)
    message = str(info.value)
    assert tiny_remote.sha256 in message and hashlib.sha256(bad).hexdigest() in message
    assert "1,000 bytes" in message
    assert os.listdir(tmp_path / "mnist") == []


def test_download_stops_on_too_many_bytes(tmp_path, tiny_remote, monkeypatch):
    serve(monkeypatch, {url: PAYLOAD * 2 for url in tiny_remote.urls})
    with pytest.raises(data.DataCorruptError, match="more than the expected"):
        data.download("tiny.bin", tmp_path, progress=lambda *p: None)
    assert os.listdir(tmp_path / "mnist") == []


def test_download_broken_connection_leaves_nothing(tmp_path, tiny_remote, monkeypatch):
    class Broken(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise ConnectionResetError("connection reset")
            return super().read(size)

    def fake_urlopen(url, timeout=None):
        return Broken(PAYLOAD)

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    with pytest.raises(data.DataNotFoundError, match="connection reset"):
        data.download("tiny.bin", tmp_path, progress=lambda *p: None)
    assert os.listdir(tmp_path / "mnist") == []


def test_download_falls_back_to_the_next_mirror(tmp_path, tiny_remote, monkeypatch, capsys):
    asked = serve(monkeypatch, {tiny_remote.urls[0]: urllib.error.URLError("mirror down"),
                                tiny_remote.urls[1]: PAYLOAD})
    path = data.download("tiny.bin", tmp_path)
    assert asked == list(tiny_remote.urls)
    assert path.read_bytes() == PAYLOAD
    printed = capsys.readouterr().err
    assert tiny_remote.urls[1] in printed and "100%" in printed


def test_missing_zoo_is_downloaded_into_the_cache(no_data_env, monkeypatch):
    good = _real_file(data.ZOO).read_bytes()
    monkeypatch.delenv(data.OFFLINE_ENV)
    asked = serve(monkeypatch, {data.FILES[data.ZOO].urls[0]: good})
    x, t = data.load_zoo()
    assert asked == [
        "https://raw.githubusercontent.com/hunkim/DeepLearningZeroToAll/master/data-04-zoo.csv"]
    cached = data.data_home() / "zoo" / data.ZOO
    assert cached.read_bytes() == good
    assert x.shape == (101, 16) and np.bincount(t).tolist() == ZOO_COUNTS
    data.load_zoo()  # found in the cache now: no second download
    assert len(asked) == 1


def test_missing_zoo_with_bad_download_is_not_found(no_data_env, monkeypatch):
    monkeypatch.delenv(data.OFFLINE_ENV)
    serve(monkeypatch, {data.FILES[data.ZOO].urls[0]: b"404: Not Found"})
    with pytest.raises(data.DataNotFoundError) as info:
        data.load_zoo()
    assert info.value.missing == [data.ZOO]
    assert data.FILES[data.ZOO].sha256 in str(info.value)
    assert os.listdir(data.data_home() / "zoo") == []
