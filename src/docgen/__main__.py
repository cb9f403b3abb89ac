"""Allow ``python -m docgen``."""

from docgen.cli import main

if __name__ == "__main__":
    main()
