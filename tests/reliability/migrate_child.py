"""The start of the app on a file of an older schema version, in a process of its own: it
says "ready", waits for a line, then opens the file as the app does (check, backup before the
migration, migrate); the parent SIGKILLs it at a random moment.

    migrate_child.py DB_PATH BACKUP_FOLDER
"""
import sys

from app.services import startup


def main():
    db_path, folder = sys.argv[1], sys.argv[2]
    print("ready", flush=True)
    sys.stdin.readline()
    db, problems, _ = startup.open_checked(db_path, folder)
    if db is not None:
        db.close()
    print("done" if not problems else "problems {}".format(problems), flush=True)


if __name__ == "__main__":
    main()
