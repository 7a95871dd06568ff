"""A second copy of the app on the same database file, driven by the two-windows tests.

    python window_child.py hold DB USER_ID SECONDS        save a customer, keep the write lock
    python window_child.py orders DB USER_ID CUSTOMER_ID N create N orders
    python window_child.py customer DB USER_ID CUSTOMER_ID VERSION NAME   save a customer
"""
import sys
import time

from app.domain.errors import DomainError
from app.services import customers, orders
from app.services.session import Session
from app.storage import users as users_db
from app.storage.opening import open_database

SPEC = dict(product_type="printing", quantity=500, width_mm=90, height_mm=50, colours="4+0",
            paper="coated-300-sra3", press="digital")


def main():
    mode, db_path, user_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
    db = open_database(db_path)
    session = Session(db, users_db.get(db, user_id))
    if mode == "hold":
        with db.atomic():
            c = customers.save(session, {"name": "Second window"})
            print("locked {}".format(c.id), flush=True)
            time.sleep(float(sys.argv[4]))
        print("committed", flush=True)
    elif mode == "orders":
        customer_id, n = int(sys.argv[4]), int(sys.argv[5])
        print("ready", flush=True)
        sys.stdin.readline()  # start together with the other window
        for _ in range(n):
            print(orders.create(session, SPEC, customer_id).number, flush=True)
    elif mode == "customer":
        customer_id, version, name = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
        try:
            c = customers.save(session, {"name": name}, customer_id, version)
            print("saved {}".format(c.version), flush=True)
        except DomainError as exc:
            print("refused {}".format(exc.key), flush=True)
    db.close()


if __name__ == "__main__":
    main()
