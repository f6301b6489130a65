"""``python -m opengauge``: the same as the ``opengauge`` command."""

from opengauge.cli import main

if __name__ == "__main__":
    main()
