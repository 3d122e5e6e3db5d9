"""The Frida agent: its catalog, its build, and the parsing of its messages."""
