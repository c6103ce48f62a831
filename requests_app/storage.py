"""Identity files encrypted at rest (Keputusan 8, domain.md E4).

KTP scans and powers of attorney are written through `identity_storage()`: the configured default
storage class (the MEDIA_ROOT folder or the S3 bucket) with Fernet encryption under
FIELD_ENCRYPTION_KEY, the key of the NIKs. What lies on the disk, in the bucket and in the backups
is ciphertext; `open()` gives the original bytes back, so the permission-checked download views and
the retention purge (which only deletes) work unchanged. Letters and exports stay plain: they hold
no identity scan.
"""

from __future__ import annotations

import functools
import io

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.utils.module_loading import import_string

from requests_app import identity

# Marks an encrypted file. Files stored before encryption have none and are read as they are, until
# `migrations/0010_encrypt_identity_files` has rewritten them.
MAGIC = b"PPID-ENC1\n"


class EncryptedFileError(Exception):
    """A stored identity file cannot be decrypted: altered, or FIELD_ENCRYPTION_KEY has changed."""


class EncryptedStorageMixin:
    """Put before a Storage class: encrypts in `_save`, decrypts in `_open`. Files are written
    whole with `save()`; they are opened for reading only."""

    def _save(self, name: str, content) -> str:
        plain = b"".join(content.chunks())
        return super()._save(name, ContentFile(MAGIC + identity.encrypt_bytes(plain)))

    def _open(self, name: str, mode: str = "rb") -> File:
        if any(flag in mode for flag in "wa+"):
            raise ValueError("Encrypted files are written with save(), never opened for writing.")
        with super()._open(name, "rb") as stored:
            data = stored.read()
        return File(io.BytesIO(_plain(data, name)), name=name)

    def size(self, name: str) -> int:
        # The stored size is the ciphertext's; callers want the document's.
        with self._open(name) as document:
            return len(document.read())

    def read_raw(self, name: str) -> bytes:
        """The bytes as stored (ciphertext, or a legacy plain file): for checks and re-encryption."""
        with super()._open(name, "rb") as stored:
            return stored.read()


def is_encrypted(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _plain(data: bytes, name: str) -> bytes:
    if not is_encrypted(data):
        return data  # written before encryption at rest; the migration rewrites these
    try:
        return identity.decrypt_bytes(data[len(MAGIC) :])
    except InvalidToken:
        raise EncryptedFileError(
            f"{name} cannot be decrypted: altered, or FIELD_ENCRYPTION_KEY is not the key it was "
            "written with."
        ) from None


@functools.cache
def _encrypted_class(backend: str) -> type[Storage]:
    base = import_string(backend)
    return type(f"Encrypted{base.__name__}", (EncryptedStorageMixin, base), {})


def identity_storage() -> Storage:
    """The storage of identity FileFields: a callable, so that the migration records this function
    and not the deployment's storage class or its options."""
    config = settings.STORAGES["default"]
    return _encrypted_class(config["BACKEND"])(**config.get("OPTIONS", {}))


def reencrypt_plain_file(storage: Storage, name: str) -> str | None:
    """Write an encrypted copy of one legacy plain file; returns the copy's name (the storage picks
    a free one), or None when the file is already encrypted or missing. The caller points the row
    at the copy and only then deletes the plain file, so a crash in between loses nothing."""
    if not name or not storage.exists(name):
        return None
    raw = storage.read_raw(name)
    if is_encrypted(raw):
        return None
    return storage.save(name, ContentFile(raw))
