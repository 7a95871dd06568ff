"""A first start of the app in a process of its own, killed while it makes the database.

    first_start_child.py DB_PATH inject   # dies (os._exit) between the migrations and the
                                          # default catalog, the moment issue 16.1 found
    first_start_child.py DB_PATH wait     # says "ready", waits for a line, then starts; the
                                          # parent SIGKILLs it at a random moment
"""
import os
import sys

from app.services import startup
from app.storage import catalog


def main():
    db_path, mode = sys.argv[1], sys.argv[2]
    if mode == "inject":
        def killed(db):  # no cleanup of any kind, as a power cut or SIGKILL
            os._exit(9)
        catalog.seed_default_catalog = killed
    else:
        print("ready", flush=True)
        sys.stdin.readline()
    db, problems, _ = startup.open_checked(db_path, os.path.join(os.path.dirname(db_path), "bk"))
    db.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
