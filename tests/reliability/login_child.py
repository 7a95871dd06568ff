"""A window guessing a password, for the lockout race test.

    python login_child.py DB_PATH USERNAME TRIES    prints "ready", waits for a line on stdin,
                                                    then one result key per try
"""
import sys

from app.domain.errors import DomainError
from app.services import auth
from app.storage.db import Database


def main():
    db_path, username, tries = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = Database(db_path)  # a connection of its own, as another window or PC has
    print("ready", flush=True)
    sys.stdin.readline()  # every window starts guessing at once
    for i in range(tries):
        try:
            auth.login(db, username, "guess-{}-{}".format(id(db), i))
            print("in", flush=True)
        except DomainError as exc:
            print(exc.key, flush=True)
            if exc.key == "error.login.locked":
                break
    db.close()


if __name__ == "__main__":
    main()
