"""The `shopkeep` command: Django's management commands with shopkeep's settings."""

import os
import sys

from shopkeep.environment import ConfigurationError


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopkeep.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        sys.exit(f"shopkeep: {error}")


if __name__ == "__main__":
    main()
