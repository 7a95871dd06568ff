"""Files and folders other users of the PC may not read: the log, backups, exports and the
documents (they hold the customer base, prices and the order book), like the database.

On POSIX a folder we create is 0700 and a file we write 0600, whatever the umask. On Windows
os.chmod cannot take read rights away; the files live in the user's own profile folders
(%APPDATA%\\iPrint, Documents\\iPrint), whose ACL already keeps other users out.
"""
import os

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def make_folder(path):
    """Create `path` and any missing parents private; folders that exist are left as they are
    (a folder the person chose, a USB disk, their Documents)."""
    path = os.path.abspath(str(path))
    missing = []
    while path and not os.path.isdir(path):
        missing.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, FOLDER_MODE)
        except FileExistsError:
            if not os.path.isdir(folder):
                raise
            continue
        restrict(folder, FOLDER_MODE)


def restrict(path, mode=FILE_MODE):
    """Owner-only rights on a file we made (mkdir and open honour the umask, chmod does not)."""
    try:
        os.chmod(str(path), mode)
    except OSError:  # Windows: the profile folder's ACL keeps it private
        pass


def touch(path):
    """Create `path` empty and private if it is missing; make it private either way."""
    fd = os.open(str(path), os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    os.close(fd)
    restrict(path)
