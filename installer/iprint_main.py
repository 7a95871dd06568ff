"""The executable's entry point: the same as `python -m app`."""
import sys

from app import platform_setup

platform_setup.setup()  # no console streams, DPI, matplotlib's folder: before anything else

from app.__main__ import main  # noqa: E402  (after the set-up on purpose)

sys.exit(main())
