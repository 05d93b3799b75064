p = work / "content/demo/en.yaml"
p.write_bytes(p.read_bytes().replace(b"Wear sunscreen.", "Wear écran solaire.".encode("latin-1")))
