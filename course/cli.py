"""The learner's ``course`` command: ``course data`` puts the notebooks' data sets in place.

This is the command of the learner's install (``pip install ./course``), and it holds only
what a student can run there. The instructor's install extends this parser with the
grading verbs (``autograder/cli.py``); ``run`` is the dispatch both share: the signals that
end a command cleanly, and one line ``course VERB: what is wrong`` with exit status 2 for
a failure.
"""

import argparse
import sys

from course import __version__


class CommandError(Exception):
    """A verb failed: ``run`` prints ``course VERB: <message>`` and exits with status 2."""


def parser(description: str = "Backpropagation from first principles: the learner's "
           "command.") -> tuple[argparse.ArgumentParser, argparse._SubParsersAction]:
    """The ``course`` parser with the learner's verbs, and its verbs to add more to.

    Each verb's subparser sets ``run``, the function called with the parsed arguments.
    """
    top = argparse.ArgumentParser(prog="course", description=description)
    top.add_argument("--version", action="version", version=f"backprop-course {__version__}")
    verbs = top.add_subparsers(dest="command", metavar="COMMAND")
    data = verbs.add_parser(
        "data", help="download and verify the data sets the notebooks use, or say where "
        "they are found",
        description="Find each data file where the notebooks' loaders look ($BACKPROP_"
        "COURSE_DATA, then the cache), check its size and SHA-256, and download the missing "
        "ones into the cache (not with --no-download or BACKPROP_COURSE_OFFLINE=1).")
    data.add_argument("--no-download", action="store_true",
                      help="only say where each file is; download nothing")
    data.set_defaults(run=data_command)
    return top, verbs


def data_command(args) -> int:
    """``course data``: one line per data file (where it is, or where to put it)."""
    from course import data

    offline = args.no_download or data._offline()
    folders = data.search_path()
    print("Data files, looked for in: " + ", ".join(map(str, folders)))
    missing, failure = [], None
    width = max(len(f"{remote.folder}/{name}") for name, remote in data.FILES.items()) + 2
    for name, remote in data.FILES.items():
        label = f"{remote.folder}/{name}".ljust(width)
        path = _located(remote, folders)
        try:
            if path is not None:
                data.verify(path, remote)
                print(f"  {label}found       {path}")
                continue
            if not offline and failure is None:
                path = data.download(name)
                print(f"  {label}downloaded  {path}")
                continue
        except (OSError, data.DataCorruptError) as error:  # DataNotFoundError is an OSError
            if path is not None:  # found, but damaged: its message says what to do
                raise CommandError(str(error)) from error
            failure = str(error)  # the next downloads would most likely fail too
        missing.append(name)
        print(f"  {label}missing     put it at {data.data_home() / remote.folder / name} "
              f"(from {remote.urls[0]})")
    if missing:
        why = failure or ("downloads are disabled by --no-download" if args.no_download
                          else f"downloads are disabled by {data.OFFLINE_ENV}")
        raise CommandError(
            f"{len(missing)} of {len(data.FILES)} data files are missing ({why}); put them "
            f"where the lines above say, or set {data.DATA_ENV} to a folder with mnist/ and "
            "zoo/ subfolders holding them")
    print(f"All {len(data.FILES)} data files are in place, their size and SHA-256 checked.")
    return 0


def _located(remote, folders):
    """Where the loaders find ``remote``: ``<folder>/<subfolder>/<name>`` or
    ``<folder>/<name>`` in the first of ``folders`` that has it (course/data.py's rule)."""
    for folder in folders:
        for candidate in (folder / remote.folder / remote.name, folder / remote.name):
            if candidate.is_file():
                return candidate
    return None


def _exit_on(signum, frame):
    """SIGTERM and SIGHUP end the command like Ctrl-C does: its cleanup runs (worker and
    kernel processes stopped, temporary folders removed)."""
    raise KeyboardInterrupt


def run(top: argparse.ArgumentParser, argv=None) -> int:
    """Parse ``argv`` with ``top`` and run the verb's ``run``; its exit status.

    A ``CommandError`` is told in one line, exit status 2; Ctrl-C, SIGTERM and SIGHUP end
    the verb with status 130 after its cleanup.
    """
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _exit_on)
    args = top.parse_args(argv)
    if args.command is None:
        top.print_help()
        return 0
    try:
        return args.run(args)
    except CommandError as error:
        print(f"course {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\ncourse {args.command}: interrupted", file=sys.stderr)
        return 130


def main(argv=None) -> int:
    """The learner's ``course``. A verb it lacks (``grade``, ``autograde``...) is told in
    one line to need the instructor's install."""
    top, verbs = parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and not argv[0].startswith("-") and argv[0] not in verbs.choices:
        print(f"course {argv[0]}: the learner's install has only `course data`; other "
              "verbs (grading, running a class) need the instructor's install of "
              "backprop-course (see its README)", file=sys.stderr)
        return 2
    return run(top, argv)


if __name__ == "__main__":
    sys.exit(main())
