"""handouts: print patient drug handouts in the patient's own language."""

__version__ = "0.1.0"
