"""Worksheet HTML to PDF, offline: headless Chromium when installed, else WeasyPrint (spec 6.4)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from quizapp.core.exports.common import ExportError

BACKENDS = ("auto", "chromium", "weasyprint")
CHROMIUM_NAMES = ("chromium", "chromium-browser")
TIMEOUT_S = 120


def chromium_path() -> str | None:
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


def weasyprint_available() -> bool:
    try:
        import weasyprint  # type: ignore[import-not-found]  # noqa: F401
    except (ImportError, OSError):  # OSError: the package is there but Pango is not
        return False
    return True


def chromium_command(
    chromium: str, html_file: Path, pdf_file: Path, profile: Path, *, sandbox: bool = True
) -> list[str]:
    """The Chromium call: no network, no profile left behind, no date/URL stamped on pages."""
    command = [
        chromium,
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf_file}",
        html_file.resolve().as_uri(),
    ]
    if not sandbox or (hasattr(os, "geteuid") and os.geteuid() == 0):
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return command


def _run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ExportError(f"Chromium took more than {TIMEOUT_S} s to print the PDF") from exc
    except OSError as exc:
        raise ExportError(f"cannot run Chromium: {exc}") from exc


def _with_chromium(chromium: str, html: bytes, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="quizapp-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "worksheet.html"
        page.write_bytes(html)
        target = folder / "worksheet.pdf"
        done = _run(chromium_command(chromium, page, target, folder / "profile"))
        if done.returncode and b"sandbox" in done.stderr.lower():
            # Containers often lack the namespaces the sandbox needs; the page runs no script
            # (CSP `default-src 'none'`) and loads nothing, so print it without the sandbox.
            done = _run(chromium_command(chromium, page, target, folder / "p2", sandbox=False))
        if not target.is_file() or target.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ExportError("Chromium did not write the PDF: " + " | ".join(tail))
        shutil.copyfile(target, out)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint url_fetcher: the worksheet embeds everything, so nothing may be fetched."""
    raise ValueError(f"worksheet may not load {url}")


def _with_weasyprint(html: bytes, out: Path) -> None:
    import weasyprint

    document = weasyprint.HTML(string=html.decode("utf-8"), url_fetcher=_refuse_fetch)
    document.write_pdf(str(out))


def write_pdf(html: bytes, out: Path, backend: str = "auto") -> str:
    """Print the worksheet to `out`; returns the backend used.

    Raises:
        ExportError: no renderer is installed, or it failed.
    """
    if backend not in BACKENDS:
        raise ExportError(f"unknown PDF backend {backend!r}: use {', '.join(BACKENDS)}")
    chromium = chromium_path()
    if backend in ("auto", "chromium") and chromium:
        _with_chromium(chromium, html, out)
        return "chromium"
    if backend in ("auto", "weasyprint") and weasyprint_available():
        _with_weasyprint(html, out)
        return "weasyprint"
    raise ExportError(
        "no PDF renderer found: install Chromium (Debian: apt-get install chromium) or "
        "WeasyPrint (pip install 'quizapp[pdf]'); the HTML worksheet prints from any browser"
    )
