"""The only code that reaches into whoosh's internals (posting blocks, block decoding, the
segment writer). Everything here is checked against stock whoosh by tests."""
