"""Presentation: plain lines, JSON and rich terminal output, right-to-left reordering for
terminals that need it, and the sanitising of untrusted article text."""
