#!/usr/bin/env python
"""Same as the installed `jalons` command."""

from jalons.cli import main

if __name__ == "__main__":
    main()
