"""The numeric core of KPSS: pure Python and numpy, no Django, no I/O."""
