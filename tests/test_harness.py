import ast
import os

from odoo.tests import BaseCase, tagged

TESTS_DIR = os.path.dirname(__file__)


@tagged("post_install", "-at_install")
class TestHarness(BaseCase):
    """Odoo's own runner (odoo-bin --test-enable) runs only the test modules that
    tests/__init__.py imports, whereas pytest finds every tests/test_*.py: both must run the
    same tests (issue 9 item 18)."""

    def test_every_test_module_is_imported(self):
        files = {
            name.removesuffix(".py")
            for name in os.listdir(TESTS_DIR)
            if name.startswith("test_") and name.endswith(".py")
        }
        with open(os.path.join(TESTS_DIR, "__init__.py"), encoding="utf-8") as init:
            tree = ast.parse(init.read())
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module
            for alias in node.names
        }
        self.assertIn("test_harness", files)
        self.assertEqual(
            sorted(files - imported),
            [],
            "test modules Odoo's runner would skip: import them in tests/__init__.py",
        )
        self.assertEqual(sorted(imported - files), [], "tests/__init__.py imports modules that do not exist")
