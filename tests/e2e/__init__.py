"""End-to-end tests: a real browser against the live test server (see conftest.py)."""
