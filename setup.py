"""Compile the UI catalogs (.po -> .mo) when the package is built; all other
configuration is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_py_with_catalogs(build_py):
    def run(self) -> None:
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path(self.build_lib, "handouts", "locales").glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as src:
                catalog = read_po(src)
            with po.with_suffix(".mo").open("wb") as out:
                write_mo(out, catalog)


setup(cmdclass={"build_py": build_py_with_catalogs})
