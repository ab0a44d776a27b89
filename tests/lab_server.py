"""A private JupyterLab server for the browser tests.

Everything the server reads or writes lives in one temporary folder: its configuration,
runtime files, user settings, workspaces and the nbgrader exchange. The learner's own
``~/.jupyter`` is never read, and the server is stopped by the process id it was started
with.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# JupyterLab settings that keep the page quiet and the same on every machine: no news or
# update toasts over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False},
}


def free_port() -> int:
    """A TCP port on localhost that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_lab_settings(settings_dir: Path) -> None:
    """User settings for JupyterLab, one ``.jupyterlab-settings`` file per plugin."""
    for plugin, values in LAB_SETTINGS.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


def write_nbgrader_config(config_dir: Path, exchange: Path) -> None:
    """An nbgrader configuration whose exchange is a folder that exists."""
    exchange.mkdir(parents=True, exist_ok=True)
    (config_dir / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        "c.CourseDirectory.course_id = 'backprop-course'\n")


class LabServer:
    """``jupyter lab`` serving ``root``, with its state kept under ``home``.

    ``extra_env`` is added to the server's environment, and so to its kernels'.
    Use as a context manager, or call ``start()`` and ``stop()``.
    """

    def __init__(self, root: Path, home: Path, extra_env: dict | None = None):
        self.root = Path(root)
        self.home = Path(home)
        self.extra_env = dict(extra_env or {})
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.process: subprocess.Popen | None = None
        self.log_path = self.home / "jupyterlab.log"

    def environment(self) -> dict:
        """The server's environment: private Jupyter folders, nothing from the user's."""
        folders = {
            "JUPYTER_CONFIG_DIR": "config", "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTER_DATA_DIR": "data", "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
            "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces", "IPYTHONDIR": "ipython",
        }
        env = {**os.environ, **self.extra_env}
        for variable, name in folders.items():
            folder = self.home / name
            folder.mkdir(parents=True, exist_ok=True)
            env[variable] = str(folder)
        env.pop("JUPYTER_TOKEN", None)
        return env

    def command(self) -> list[str]:
        """The ``jupyter lab`` command line."""
        command = [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
            f"--port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}", "--ServerApp.open_browser=False",
            "--LabApp.news_url=None",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # CI containers run as root
        return command

    def start(self, timeout: float = 120) -> None:
        """Start the server and wait until its REST API answers."""
        env = self.environment()
        write_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
        write_nbgrader_config(Path(env["JUPYTER_CONFIG_DIR"]), self.home / "exchange")
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(self.command(), cwd=self.root, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        self.wait_until_ready(timeout)

    def wait_until_ready(self, timeout: float) -> None:
        """Poll ``/api/status`` until it answers; fail with the server's log if it dies."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with status {self.process.returncode}:"
                                   f"\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n"
                           f"{self.log_tail()}")

    def url(self, path: str = "lab") -> str:
        """The address of ``path`` on this server, with the token."""
        separator = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path}{separator}token={self.token}"

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server wrote."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 20) -> None:
        """Terminate the server we started; kill it if it does not exit in time."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()
