"""Allow ``python -m docgen``."""

from docgen.cli.main import main

if __name__ == "__main__":
    main()
