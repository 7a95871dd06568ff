"""The writer the kill test SIGKILLs.

It runs as a small server: it imports the app once, then for every "go SEED" line on stdin
forks a writer process and prints "worker PID". The writer opens the database, prints
"ready", and creates orders through the real services, one transaction each, printing every
order number the moment its commit returns (one write of a whole line: a pipe never gets
half of it). The test SIGKILLs the writer; the server reaps it and prints "reaped SIGNAL".
Forking saves the interpreter start and the imports, so hundreds of kills take seconds.

    python kill_child.py DB_PATH CUSTOMER_ID USER_ID
"""
import os
import random
import sys

from app.services import orders
from app.services.session import Session
from app.storage import users as users_db
from app.storage.opening import open_database

SPEC = dict(product_type="printing", width_mm=90, height_mm=50, colours="4+4",
            paper="coated-300-sra3", press="digital", bleed_mm=2, name="kill test")
QUANTITIES = (100, 250, 500, 1000, 2000)


def write(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def writer(db_path, customer_id, user_id, seed):
    rng = random.Random(seed)
    db = open_database(db_path)  # a connection of its own: nothing of SQLite crosses the fork
    # the session of a logged-in manager (login itself is slow on purpose: not what is tested)
    session = Session(db, users_db.get(db, user_id))
    write("ready")
    while True:
        order = orders.create(session, dict(SPEC, quantity=rng.choice(QUANTITIES)), customer_id,
                              notes="x" * rng.randrange(0, 3000))
        write(order.number)


def main():
    db_path, customer_id, user_id = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for line in sys.stdin:
        seed = int(line.split()[1])
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                writer(db_path, customer_id, user_id, seed)
            finally:
                os._exit(3)  # only reached when the writer fails by itself
        write("worker {}".format(pid))
        _, status = os.waitpid(pid, 0)
        write("reaped {}".format(os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1))


if __name__ == "__main__":
    main()
