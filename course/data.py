"""Data sets for the course: MNIST digits, the UCI Zoo table and XOR.

    (x_train, t_train), (x_test, t_test) = load_mnist()  # x (60000, 784) float32 in [0, 1]
    x, t = load_zoo()                                    # x (101, 16) float32, t labels 0..6
    x, t = make_xor()                                    # x (4, 2), t [0, 1, 1, 0]

Files are looked for in these folders, in order (``search_path()`` lists them):

1. the ``path`` argument of a loader;
2. the folder named by the environment variable ``BACKPROP_COURSE_DATA``;
3. the per-user cache ``data_home()``: ``$XDG_CACHE_HOME/backprop-course``, else
   ``~/.cache/backprop-course``.

Each folder holds ``mnist/`` and ``zoo/`` subfolders (a file lying directly in the folder is
accepted too). A file found in none of them is downloaded from a public mirror into the
cache; set ``BACKPROP_COURSE_OFFLINE=1`` to forbid downloads. Every file, found or
downloaded, must have its known size and SHA-256, so a damaged or truncated file is never
half-used: it raises ``DataCorruptError``. A file that is missing and cannot be downloaded
raises ``DataNotFoundError``.

The loaders return fresh, writable arrays on every call, so changing them never affects the
next call. Checksums and parsed MNIST arrays are remembered per process (keyed by file path,
size and modification time), so calling ``load_mnist()`` again is fast.
"""

import functools
import gzip
import hashlib
import http.client
import math
import os
import sys
import tempfile
import urllib.request
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_ENV = "BACKPROP_COURSE_DATA"
"""Environment variable: a folder with ``mnist/`` and ``zoo/`` subfolders."""
OFFLINE_ENV = "BACKPROP_COURSE_OFFLINE"
"""Environment variable: ``1`` (or ``true``/``yes``/``on``) forbids downloads."""
TIMEOUT = 15
"""Seconds a download may wait for the network before giving up on a mirror."""

Progress = Callable[[int, int], None]
"""``progress(bytes_done, bytes_total)``, called while a file downloads."""


class DataNotFoundError(FileNotFoundError):
    """Data files are in none of the searched folders and could not be downloaded.

    ``missing`` lists the file names, ``searched`` the folders that were looked in.
    """

    def __init__(self, message: str, missing: Iterable[str] = (), searched: Iterable = ()):
        super().__init__(message)
        self.missing = list(missing)
        self.searched = [Path(folder) for folder in searched]


class DataCorruptError(ValueError):
    """A data file is damaged or truncated: wrong size or SHA-256, or a broken IDX file."""


@dataclass(frozen=True)
class RemoteFile:
    """A known data file: its subfolder, name, exact size and SHA-256, and download URLs."""

    folder: str
    name: str
    size: int
    sha256: str
    urls: tuple[str, ...]


_MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
_ZOO_URL = (
    "https://raw.githubusercontent.com/hunkim/DeepLearningZeroToAll/master/data-04-zoo.csv"
)


def _mnist_file(name: str, size: int, sha256: str) -> RemoteFile:
    return RemoteFile("mnist", name, size, sha256, tuple(m + name for m in _MNIST_MIRRORS))


FILES: dict[str, RemoteFile] = {f.name: f for f in (
    _mnist_file("train-images-idx3-ubyte.gz", 9_912_422,
                "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    _mnist_file("train-labels-idx1-ubyte.gz", 28_881,
                "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    _mnist_file("t10k-images-idx3-ubyte.gz", 1_648_877,
                "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    _mnist_file("t10k-labels-idx1-ubyte.gz", 4_542,
                "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
    RemoteFile("zoo", "data-04-zoo.csv", 4_485,
               "cbf109a391118676bb76a5b0174573c295aed8561cc223abb4c3463990f2c476", (_ZOO_URL,)),
)}
"""Every file the loaders use, by name."""

MNIST_TRAIN = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
MNIST_TEST = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
ZOO = "data-04-zoo.csv"
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049


# --- where files are ------------------------------------------------------------------------

def data_home() -> Path:
    """The per-user cache folder where downloads go (it need not exist yet).

    ``$XDG_CACHE_HOME/backprop-course`` if that variable holds an absolute path, else
    ``~/.cache/backprop-course``.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "backprop-course"


def _sources(path=None) -> list[tuple[Path, str]]:
    """(folder, where that folder came from) for every folder searched, in order."""
    sources = []
    if path is not None:
        sources.append((Path(path).expanduser(), "path argument"))
    if os.environ.get(DATA_ENV):
        sources.append((Path(os.environ[DATA_ENV]).expanduser(), f"${DATA_ENV}"))
    sources.append((data_home(), "cache, data_home()"))
    first: dict[Path, str] = {}
    for folder, origin in sources:
        first.setdefault(folder, origin)  # the same folder twice is searched once
    return list(first.items())


def search_path(path=None) -> list[Path]:
    """The folders searched for data files, in order: ``path``, ``$BACKPROP_COURSE_DATA``,
    ``data_home()``. A file ``name`` of subfolder ``sub`` is looked for as
    ``<folder>/<sub>/<name>``, then ``<folder>/<name>``."""
    return [folder for folder, _ in _sources(path)]


def find_file(name: str, path=None) -> Path:
    """The verified path of the known data file ``name`` (a key of ``FILES``).

    Searches ``search_path(path)``; downloads the file into ``data_home()`` if it is in none
    of those folders. Raises ``DataCorruptError`` or ``DataNotFoundError``.
    """
    return _find([name], path)[0]


def _find(names: list[str], path=None) -> list[Path]:
    sources = _sources(path)
    found: dict[str, Path] = {}
    for name in names:
        remote = FILES[name]
        for folder, _ in sources:
            candidates = (folder / remote.folder / name, folder / name)
            hit = next((c for c in candidates if c.is_file()), None)
            if hit is not None:
                verify(hit, remote)
                found[name] = hit
                break
    missing = [name for name in names if name not in found]
    reasons = []
    if missing and _offline():
        reasons.append(f"downloads are disabled by {OFFLINE_ENV}={os.environ[OFFLINE_ENV]}")
    for name in missing:
        if reasons:
            break  # one failed download is enough: the next ones would most likely fail too
        try:
            found[name] = download(name)
        except (OSError, DataCorruptError) as err:
            reasons.append(str(err))
    missing = [name for name in names if name not in found]
    if missing:
        raise DataNotFoundError(_not_found_message(missing, sources, reasons), missing,
                                [folder for folder, _ in sources])
    return [found[name] for name in names]


def _offline() -> bool:
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _not_found_message(missing: list[str], sources, reasons: list[str]) -> str:
    lines = [f"Data file(s) not found: {', '.join(missing)}",
             "Searched these folders, as <folder>/<subfolder>/<file> or <folder>/<file>:"]
    for folder, origin in sources:
        note = "" if folder.is_dir() else ", does not exist"
        lines.append(f"  {folder}  ({origin}{note})")
    lines += [f"Not downloaded: {reason}" for reason in reasons]
    lines.append("To fix, put each file here (or download it by hand from the URL):")
    for name in missing:
        remote = FILES[name]
        lines.append(f"  {data_home() / remote.folder / name}  <- {remote.urls[0]}")
    lines.append(f"or set {DATA_ENV} to a folder with mnist/ and zoo/ subfolders holding them,"
                 " or pass the loader path=<that folder>.")
    return "\n".join(lines)


# --- checksums and downloads ----------------------------------------------------------------

_verified: set[tuple[str, int, int]] = set()  # (resolved path, size, mtime_ns) of good files


def _file_key(file: Path) -> tuple[str, int, int]:
    stat = file.stat()
    return str(file.resolve()), stat.st_size, stat.st_mtime_ns


def _sha256_file(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def verify(file, remote: RemoteFile) -> None:
    """Raise ``DataCorruptError`` unless ``file`` has ``remote``'s exact size and SHA-256.

    A good result is remembered for the file's path, size and modification time.
    """
    file = Path(file)
    key = _file_key(file)
    if key in _verified:
        return
    if key[1] != remote.size:
        problem = f"it has {key[1]:,} bytes"
    else:
        digest = _sha256_file(file)
        problem = None if digest == remote.sha256 else f"its SHA-256 is {digest}"
    if problem:
        raise DataCorruptError(
            f"{file} is damaged or incomplete: {problem}, but the good {remote.name} has "
            f"{remote.size:,} bytes and SHA-256 {remote.sha256}. Delete it (it is then "
            f"downloaded again) or replace it with a good copy from {remote.urls[0]}")
    _verified.add(key)


def download(name: str, folder=None, progress: Progress | None = None) -> Path:
    """Download the known file ``name`` to ``<folder>/<subfolder>/<name>`` and return that path.

    ``folder`` defaults to ``data_home()``. Mirrors are tried in turn. The bytes must have the
    known size and SHA-256; they go to a temporary file in the same folder, which is renamed
    into place only when complete and correct, so no partial file is ever left behind.
    ``progress(done, total)`` is called as bytes arrive; by default a line on stderr shows the
    percentage. Raises ``DataCorruptError`` if a mirror served wrong bytes and none served the
    right ones, else ``DataNotFoundError`` if no mirror could be reached.
    """
    remote = FILES[name]
    target = Path(folder if folder is not None else data_home()) / remote.folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    errors, corrupt = [], False
    for url in remote.urls:
        report = progress
        if report is None:
            print(f"Downloading {name} from {url}", file=sys.stderr, flush=True)
            report = _stderr_progress(name)
        try:
            _fetch(url, remote, target, report)
            return target
        except (OSError, http.client.HTTPException, DataCorruptError) as err:
            corrupt = corrupt or isinstance(err, DataCorruptError)
            errors.append(f"{url}: {err}")
    message = f"could not download {name} from any mirror: " + "; ".join(errors)
    if corrupt:
        raise DataCorruptError(message)
    raise DataNotFoundError(message, [name], [])


def _fetch(url: str, remote: RemoteFile, target: Path, progress: Progress) -> None:
    """Stream ``url`` into a temporary file beside ``target``; check it, then rename it."""
    digest, done = hashlib.sha256(), 0
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, \
                urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            while chunk := response.read(1 << 16):
                done += len(chunk)
                if done > remote.size:
                    raise DataCorruptError(f"served more than the expected {remote.size:,} bytes")
                digest.update(chunk)
                out.write(chunk)
                progress(done, remote.size)
        if done != remote.size or digest.hexdigest() != remote.sha256:
            raise DataCorruptError(
                f"served {done:,} bytes with SHA-256 {digest.hexdigest()}, expected "
                f"{remote.size:,} bytes with SHA-256 {remote.sha256}")
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    _verified.add(_file_key(target))


def _stderr_progress(name: str) -> Progress:
    shown = -1

    def report(done: int, total: int) -> None:
        nonlocal shown
        percent = 100 * done // total if total else 100
        if percent // 10 > shown // 10 or done == total:
            shown = percent
            end = "\n" if done >= total else ""
            print(f"\r  {name}: {percent:3d}% of {total / 1e6:.1f} MB", end=end,
                  file=sys.stderr, flush=True)

    return report


# --- IDX files (MNIST) ----------------------------------------------------------------------

_IDX_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path, magic: int | None = None) -> np.ndarray:
    """Parse one gzip-compressed IDX file (no checksum) and return its read-only array.

    The shape comes from the header: (60000, 28, 28) uint8 for MNIST training images,
    (60000,) for their labels. Header: big-endian magic number (two zero bytes, a type code,
    ndim), ndim big-endian uint32 sizes, then exactly prod(sizes) items. Raises
    ``DataCorruptError`` naming the file if it is not complete gzip, the header is invalid or
    differs from ``magic`` (2051 for images, 2049 for labels), or the data is too short or
    too long. The array is read-only; call ``.copy()`` for one you can change.
    """
    path = Path(path)
    with open(path, "rb") as raw:  # a missing file raises FileNotFoundError
        try:
            with gzip.GzipFile(fileobj=raw) as f:
                data = f.read()
        except (OSError, EOFError, zlib.error) as err:
            raise DataCorruptError(f"{path} is not a complete gzip file: {err}") from err

    def corrupt(problem: str) -> DataCorruptError:
        return DataCorruptError(f"{path} is not a valid IDX file: {problem}")

    if len(data) < 4:
        raise corrupt(f"only {len(data)} bytes, too short for a header")
    found = int.from_bytes(data[:4], "big")
    if data[0] or data[1] or data[2] not in _IDX_TYPES or data[3] == 0:
        raise corrupt(f"bad magic number {found} ({data[:4].hex()})")
    if magic is not None and found != magic:
        raise corrupt(f"magic number {found}, expected {magic}")
    ndim = data[3]
    start = 4 + 4 * ndim
    if len(data) < start:
        raise corrupt(f"header cut short: {len(data)} bytes, need {start} for {ndim} sizes")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(_IDX_TYPES[data[2]])
    expected, actual = math.prod(shape) * dtype.itemsize, len(data) - start
    if actual != expected:
        raise corrupt(f"header promises shape {shape} = {expected:,} data bytes, "
                      f"but the file holds {actual:,}")
    array = np.frombuffer(data, dtype, offset=start).reshape(shape)
    if dtype.byteorder == ">":  # multi-byte items: convert to native byte order
        array = array.astype(dtype.newbyteorder("="))
        array.flags.writeable = False
    return array


@functools.lru_cache(maxsize=8)
def _read_idx_cached(path: str, size: int, mtime_ns: int, magic: int) -> np.ndarray:
    return read_idx(path, magic)  # read-only, so no caller can change the cached copy


def load_mnist(normalize: bool = True, flatten: bool = True, one_hot: bool = False,
               path=None):
    """MNIST handwritten digits: ``(x_train, t_train), (x_test, t_test)``.

    x: (60000, 784) and (10000, 784) with ``flatten``, else (N, 1, 28, 28); float32 in
    [0, 1] with ``normalize``, else uint8 0..255 (0 = background).
    t: (N,) int64 labels 0..9, or (N, 10) float32 one-hot rows with ``one_hot``.

    Reads the original gzip IDX files (see the module docstring for where they are looked
    for, and ``path``). Arrays are fresh and writable on every call.
    """
    names = [*MNIST_TRAIN, *MNIST_TEST]
    arrays = []
    for file in _find(names, path):
        magic = IMAGES_MAGIC if "images" in file.name else LABELS_MAGIC
        arrays.append(_read_idx_cached(*_file_key(file), magic))
    return (_mnist_split(*arrays[:2], normalize, flatten, one_hot),
            _mnist_split(*arrays[2:], normalize, flatten, one_hot))


def _mnist_split(images, labels, normalize, flatten, one_hot):
    if images.shape[1:] != (28, 28) or labels.shape != images.shape[:1]:
        raise DataCorruptError(f"MNIST images {images.shape} do not match labels {labels.shape}")
    n = len(images)
    x = images.reshape(n, 784) if flatten else images.reshape(n, 1, 28, 28)
    if normalize:
        x = x.astype(np.float32)
        x /= 255
    else:
        x = x.copy()
    t = np.eye(10, dtype=np.float32)[labels] if one_hot else labels.astype(np.int64)
    return x, t


# --- small tables ---------------------------------------------------------------------------

def load_zoo(path=None):
    """The UCI Zoo data set (101 animals): ``(x, t)``.

    x: (101, 16) float32 features (hair, feathers, ..., legs in {0, 2, 4, 5, 6, 8}, ...,
    catsize; all others 0/1). t: (101,) int64 class labels 0..6 (mammal, bird, reptile,
    fish, amphibian, insect, invertebrate).
    """
    file = find_file(ZOO, path)
    rows = []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = [int(field) for field in line.split(",")]
        except ValueError:
            row = []
        if len(row) != 17:
            raise DataCorruptError(f"{file}, line {number}: expected 17 integers, got {line!r}")
        rows.append(row)
    table = np.array(rows, dtype=np.int64).reshape(-1, 17)
    return table[:, :16].astype(np.float32), table[:, 16].copy()


def make_xor():
    """The XOR problem: x (4, 2) float64 rows [0, 0], [0, 1], [1, 0], [1, 1];
    t (4,) int64 labels [0, 1, 1, 0]."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    t = np.array([0, 1, 1, 0], dtype=np.int64)
    return x, t
