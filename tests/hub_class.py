"""A real class on this machine, for ``tests/test_hub.py``: local accounts, their Python
environments, nbgrader's exchange and a JupyterHub that spawns each user's JupyterLab as
that user.

Everything lives in one folder made for the test (``ClassFolder``), readable by the
accounts where they need it: the students' environment (the learner install), the
instructor's (the whole course, installed as an instructor would, not editable), the
exchange (mode 1777, outside every course folder, as nbgrader's docs place it) and the
hub's own state (root only). Accounts are made with ``useradd`` and given passwords with
``chpasswd``, so that they log in through PAM as on a real hub; they are removed with
``userdel -r``. Needs root.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.lab_server import LAB_SETTINGS, free_port

REPO = Path(__file__).resolve().parent.parent
COURSE_ID = "backprop-course"
# what is left out of the copies installed from: our own state and what git ignores
COPY_IGNORE = shutil.ignore_patterns(
    ".git", "test-artifacts", "__pycache__", "*.egg-info", "build", "dist", ".venv", "venv",
    ".ruff_cache", ".pytest_cache", ".hypothesis", ".ipynb_checkpoints", "*.db")
PROXY_INSTALL = "npm install --global configurable-http-proxy"
# what students do not get: nbgrader's instructor tools
INSTRUCTOR_SERVER_EXTENSIONS = ("formgrader", "course_list")
INSTRUCTOR_LAB_PLUGINS = ("formgrader", "course-list", "create-assignment")


def proxy_command() -> str | None:
    return shutil.which("configurable-http-proxy")


# ---------------------------------------------------------------------------- accounts


@dataclass
class Account:
    """A local account made for the test."""

    name: str
    password: str
    role: str  # "instructor" or "student"

    @property
    def home(self) -> Path:
        return Path(pwd.getpwnam(self.name).pw_dir)

    @property
    def uid(self) -> int:
        return pwd.getpwnam(self.name).pw_uid

    @property
    def gid(self) -> int:
        return pwd.getpwnam(self.name).pw_gid


def create_account(role: str) -> Account:
    """A new local account with a random name and password, and its home folder."""
    name = f"bp{role[0]}{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(12)
    run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment",
         f"backprop-course test {role}", name])
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True,
                   capture_output=True, timeout=60)
    return Account(name, password, role)


def remove_account(account: Account) -> None:
    """``userdel -r``: the account, its group and its home folder."""
    done = subprocess.run(["userdel", "--remove", account.name], capture_output=True,
                          text=True, timeout=60)
    if done.returncode not in (0, 12):  # 12: the home folder was gone already
        raise RuntimeError(f"userdel {account.name}: {done.stderr.strip()}")


def account_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def as_user(account: Account, command: list[str], env: dict | None = None,
            timeout: float = 600, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``command`` run as ``account`` (runuser), with a clean environment of its own."""
    environment = {"HOME": str(account.home), "USER": account.name,
                   "LOGNAME": account.name, "PATH": "/usr/local/bin:/usr/bin:/bin",
                   "LANG": "C.UTF-8", **(env or {})}
    argv = ["runuser", "-u", account.name, "--", "env", "-i",
            *[f"{k}={v}" for k, v in environment.items()], *command]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                          cwd=cwd or account.home)


def write_as(account: Account, path: Path, text: str) -> None:
    """Write ``path`` (and its missing folders under the home) owned by ``account``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    folder = path
    while folder != account.home and account.home in folder.parents:
        os.chown(folder, account.uid, account.gid)
        folder = folder.parent


def processes_of(uids: set[int]) -> list[tuple[int, int, str]]:
    """(pid, uid, command line) of every process whose real uid is one of ``uids``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace").strip()
        except OSError:
            continue
        uid_line = next((ln for ln in status.splitlines() if ln.startswith("Uid:")), "")
        uid = int(uid_line.split()[1]) if uid_line else -1
        if uid in uids:
            found.append((int(entry.name), uid, cmdline))
    return found


def alive(pid: int) -> bool:
    """True if ``pid`` is a running process (not a zombie)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# ---------------------------------------------------------------------------- the folder


class ClassFolder:
    """The test's folder: environments, exchange, hub state. ``remove()`` deletes it."""

    def __init__(self):
        # /tmp, not $TMPDIR: every account must be able to pass through its parent
        self.root = Path(tempfile.mkdtemp(prefix="backprop-hub-", dir="/tmp"))
        self.root.chmod(0o755)  # the accounts reach their environments through it
        self.students_env = self.root / "env-students"
        self.instructor_env = self.root / "env-instructor"
        self.exchange = self.root / "exchange"
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)  # every user writes here; the sticky bit as on /tmp
        self.hub_dir = self.root / "hub"
        self.hub_dir.mkdir(mode=0o700)
        self.build_dir = self.root / "build"
        self.build_dir.mkdir(mode=0o700)

    def build_environments(self, log: Path) -> dict[str, float]:
        """Both environments, built at once; returns the seconds each took."""
        hub = f"jupyterhub=={_version('jupyterhub')}"  # the single-user server's half
        learner = self.build_dir / "course"
        shutil.copytree(REPO / "course", learner, ignore=COPY_IGNORE)
        everything = self.build_dir / "backprop-course"
        shutil.copytree(REPO, everything, ignore=COPY_IGNORE)
        jobs = {"students": (self.students_env, [str(learner), hub]),
                "instructor": (self.instructor_env, [str(everything), hub])}
        with ThreadPoolExecutor(2) as pool:
            futures = {name: pool.submit(build_environment, target, packages,
                                         log.with_name(f"{log.stem}-{name}{log.suffix}"))
                       for name, (target, packages) in jobs.items()}
            seconds = {name: future.result() for name, future in futures.items()}
        self.configure_students_env()
        for env in (self.students_env, self.instructor_env):
            write_lab_overrides(env)
        return seconds

    def configure_students_env(self) -> None:
        """The students' nbgrader settings (the course and the exchange) in their
        environment's own Jupyter config folder, and nbgrader's instructor tools switched
        off there: the files that ``jupyter server extension disable --sys-prefix ...``,
        ``jupyter labextension disable --level=sys_prefix ...`` and ``jupyter labextension
        lock --level=sys_prefix ...`` write (seconds each; this takes none)."""
        etc = self.students_env / "etc" / "jupyter"
        (etc / "nbgrader_config.py").write_text(students_nbgrader_config(self.exchange))
        for name in INSTRUCTOR_SERVER_EXTENSIONS:
            extension = f"nbgrader.server_extensions.{name}"
            (etc / "jupyter_server_config.d" / f"{extension}.json").write_text(json.dumps(
                {"ServerApp": {"jpserver_extensions": {extension: False}}}, indent=2))
        plugins = {f"@jupyter/nbgrader:{name}": True for name in INSTRUCTOR_LAB_PLUGINS}
        (etc / "labconfig").mkdir(exist_ok=True)
        (etc / "labconfig" / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": plugins, "lockedExtensions": plugins}, indent=2))

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def students_nbgrader_config(exchange: Path) -> str:
    return ('"""nbgrader for the students of this hub: the course and its exchange."""\n'
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
            f"c.Exchange.root = {str(exchange)!r}\n")


def write_lab_overrides(env: Path) -> None:
    """JupyterLab's settings for everyone using ``env``: no news or update toasts."""
    overrides = env / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    # overrides.json names plugins by id ("package:plugin"); the user-settings files
    # that LAB_SETTINGS is written for name them by path ("package/plugin")
    settings = {re.sub(r"/([^/]+)$", r":\1", plugin): values
                for plugin, values in LAB_SETTINGS.items()}
    overrides.write_text(json.dumps(settings, indent=1))


def shared_python() -> str | None:
    """A Python 3.10+ that every account can run, to base the environments on: this one's
    base interpreter if no folder on its way is closed to others (root's pyenv is), else
    the system's python3; None if neither will do."""
    candidates = [getattr(sys, "_base_executable", ""), sys.executable, "/usr/bin/python3"]
    for candidate in candidates:
        if not candidate or not os.path.exists(candidate):
            continue
        real = Path(os.path.realpath(candidate))
        if all(folder.stat().st_mode & 0o001 for folder in real.parents) and (
                real.stat().st_mode & 0o001):
            done = subprocess.run([str(real), "-c", "import sys, venv; "
                                   "assert sys.version_info >= (3, 10)"],
                                  capture_output=True, timeout=60)
            if done.returncode == 0:
                return str(real)
    return None


def build_environment(target: Path, packages: list[str], log: Path) -> float:
    """A new virtual environment at ``target`` with ``packages`` installed, by uv's pip
    when it is installed (seconds instead of minutes), else by pip; bytecode compiled, as
    pip does, since no user may write it into the environment later."""
    started = time.perf_counter()
    uv = shutil.which("uv", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                  os.environ.get("PATH", "")]))
    python = str(target / "bin" / "python")
    if uv:
        commands = [[shared_python(), "-m", "venv", "--without-pip", str(target)],
                    [uv, "pip", "install", "--quiet", "--python", python,
                     "--compile-bytecode", *packages]]
    else:
        commands = [[shared_python(), "-m", "venv", str(target)],
                    [python, "-m", "pip", "install", "--quiet",
                     "--disable-pip-version-check", "--no-input", *packages]]
    scratch = log.parent / f"{target.name}-build"  # uv's and pip's temporary files (locks)
    scratch.mkdir(exist_ok=True)
    env = {"UV_SYSTEM_CERTS": "1",  # uv trusts the system's certificate authorities, as pip
           **os.environ, "PIP_NO_WARN_SCRIPT_LOCATION": "1", "TMPDIR": str(scratch)}
    with open(log, "w") as out:
        for command in commands:
            done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=1500, env=env)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command[:4])}... failed:\n"
                                   + log.read_text()[-3000:])
    return time.perf_counter() - started


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


def run(command: list[str], env: dict | None = None, timeout: float = 300):
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done


# ---------------------------------------------------------------------------- the hub

HUB_CONFIG = '''"""JupyterHub for the test: PAM logins, each user's server spawned as that user with
the single-user server of their own environment."""

c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.JupyterHub.pid_file = "{folder}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = {users!r}

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 240
c.Spawner.http_timeout = 240
c.Spawner.env_keep = []
ENVIRONMENTS = {environments!r}


def use_own_environment(spawner):
    """Each user runs the jupyterhub-singleuser of their own environment."""
    env = ENVIRONMENTS[spawner.user.name]
    spawner.cmd = [env + "/bin/jupyterhub-singleuser"]
    spawner.environment = {{**spawner.environment, "LANG": "C.UTF-8",
                            "PATH": env + "/bin:/usr/local/bin:/usr/bin:/bin"}}


c.Spawner.pre_spawn_hook = use_own_environment
'''


class Hub:
    """``jupyterhub`` with ``HUB_CONFIG``, its state in ``folder``; ``stop()`` ends it,
    and with it the proxy and every single-user server it spawned."""

    def __init__(self, folder: Path, environments: dict[str, Path]):
        self.folder = Path(folder)
        self.port = free_port()
        self.config = self.folder / "jupyterhub_config.py"
        self.log_path = self.folder / "jupyterhub.log"
        self.proxy_pid_file = self.folder / "proxy.pid"
        self.config.write_text(HUB_CONFIG.format(
            port=self.port, hub_port=free_port(), proxy_api_port=free_port(),
            proxy=proxy_command(), proxy_pid=str(self.proxy_pid_file), folder=self.folder,
            users=set(environments), environments={k: str(v) for k, v in
                                                   environments.items()}))
        self.process: subprocess.Popen | None = None
        self.proxy_pid: int | None = None

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def start(self, timeout: float = 120) -> None:
        env = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TZ")}
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent),
                                       str(Path(proxy_command()).parent),
                                       "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"])
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(self.config)],
                cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with status "
                                   f"{self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("hub/api/"), timeout=5) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        else:
            raise RuntimeError(f"JupyterHub did not answer in {timeout:.0f} s:\n"
                               f"{self.log_tail()}")
        if self.proxy_pid_file.exists():
            self.proxy_pid = int(self.proxy_pid_file.read_text().strip())

    def stop(self, timeout: float = 90) -> None:
        """SIGTERM: the hub stops every server it spawned and its proxy, then exits."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
