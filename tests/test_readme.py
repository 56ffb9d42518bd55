"""The README documents every environment variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_FROM_ENV = re.compile(
    r"""(?:os\.environ(?:\.get)?\(|os\.environ\[|env_(?:bool|int|list)\(|from_env\()\s*["']([A-Z_]+)["']"""
)


def test_every_environment_variable_is_in_the_readme():
    names = {
        name
        for path in (ROOT / "hub" / "settings").glob("*.py")
        for name in READ_FROM_ENV.findall(path.read_text())
    }
    assert {"DATABASE_URL", "MAILCHIMP_API_KEY", "TASKS_BACKEND"} <= names
    readme = (ROOT / "README.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"Not documented in the README's configuration table: {missing}"
