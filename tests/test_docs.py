from pathlib import Path

import pytest
from click.testing import CliRunner

from searchidx.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name):
    command = cli.commands[name]
    assert command.help, f"{name} has no help text"
    assert f"searchidx {name}" in README, f"README does not show 'searchidx {name}'"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_readme_starts_with_the_two_commands():
    start = README.index("## Start here")
    assert README.index("bin/demo", start) < README.index("bin/test", start) < README.index("## Indexing")
