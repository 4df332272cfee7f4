"""The engines test group (see conftest.py)."""
