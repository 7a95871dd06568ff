"""A backup or a restore that the leftovers test SIGKILLs halfway.

    python backup_child.py backup DB_PATH FOLDER      one backup of DB_PATH into FOLDER
    python backup_child.py restore DB_PATH BACKUP     one restore of BACKUP over DB_PATH
"""
import sys

from app.services import backup
from app.storage import backup as store


def main():
    mode, db_path, where = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "backup":
        store.make_backup(db_path, where)
    else:
        backup.restore_file(db_path, where)
    print("done", flush=True)


if __name__ == "__main__":
    main()
