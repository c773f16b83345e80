"""The permission matrix's world, built once per test module that uses it."""

from lisa.backoffice.tests.test_permission_matrix import world  # noqa: F401
