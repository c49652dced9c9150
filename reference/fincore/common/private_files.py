"""Files only the service's own user may read: databases and logs are created 0600 in 0700
folders, whatever the process umask, so another local user cannot read payments, tokens or
request logs.

SQLite creates its ``-wal`` and ``-shm`` files with the permissions of the database file, so
creating the database file 0600 first covers them too.
"""

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(folder: Path) -> Path:
    """``folder`` (and any missing parents) created, and ``folder`` itself made 0700."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    os.chmod(folder, FOLDER_MODE)
    return folder


def private_file(path: Path) -> Path:
    """``path`` created empty if missing, in a private folder, and made 0600."""
    private_folder(path.parent)
    descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, FILE_MODE)
    os.close(descriptor)
    os.chmod(path, FILE_MODE)
    return path
