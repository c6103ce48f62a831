"""Build the compiled translation catalogues (.mo) from the .po sources in `LOCALE_PATHS`.

Django's `compilemessages` needs GNU gettext's `msgfmt`, which a fresh machine with only Python
does not have; polib writes the same binary format. The .mo files are build output (not in git):
`make install`, the Docker image and the test session build them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings


def catalogue_sources() -> list[Path]:
    return sorted(
        path for root in settings.LOCALE_PATHS for path in Path(root).glob("*/LC_MESSAGES/*.po")
    )


def catalogues_compile(*, force: bool = False) -> list[Path]:
    """Compile every .po that is newer than its .mo; returns the .mo files written.

    Written to a temporary file and renamed, so parallel test workers never read half a file."""
    written = []
    for source in catalogue_sources():
        target = source.with_suffix(".mo")
        if not force and target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(source))
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
        os.close(handle)
        catalogue.save_as_mofile(temporary)
        os.replace(temporary, target)
        written.append(target)
    return written
