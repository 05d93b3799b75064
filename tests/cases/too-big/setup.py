p = work / "content/demo/en.yaml"
p.write_text(p.read_text() + "# " + "x" * 1_100_000 + "\n")
