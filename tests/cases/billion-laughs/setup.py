"""Writes the case's input into the work folder (bytes a text file cannot hold)."""

from pathlib import Path


def setup(work: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    (work / "content/demo/facts.yaml").write_text("\n".join(lines) + "\n")
