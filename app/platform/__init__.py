"""What differs between Windows, macOS and Linux, behind small functions with tests that
imitate each system here. Imports nothing of the program: every layer may use it."""
