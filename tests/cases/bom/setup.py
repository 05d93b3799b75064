p = work / "content/demo/en.yaml"
p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
