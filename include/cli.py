"""The ``finops`` command line: one entry point, one module per subcommand.

Subcommands are imported only when used, so ``finops --help`` stays fast and a broken optional
part (say, Airflow) never stops the others from working.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

# name → "module:attribute" of a click command
COMMANDS: dict[str, str] = {
    "simulate": "simulator.cli:simulate",
    "import-csv": "include.loading.cli:import_csv",
    "load": "include.loading.cli:load",
    "build": "include.pipeline_cli:build",
    "render": "reports.cli:render",
    "publish": "include.pipeline_cli:publish",
    "run": "include.pipeline_cli:run",
    "analyze": "include.pipeline_cli:analyze",
    "ui": "include.pipeline_cli:ui",
    "api": "api.cli:serve",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._module_exists(name))

    @staticmethod
    def _module_exists(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # the parent package is not there either
            return False

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not self._module_exists(cmd_name):
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ai-finops-platform")
def main() -> None:
    """AI FinOps platform: simulate or import LLM API calls, load them into DuckDB, build the dbt
    analyses and render the static report site."""


if __name__ == "__main__":
    main()
