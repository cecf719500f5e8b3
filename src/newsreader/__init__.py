"""newsreader: a keyboard-first terminal newsreader that shows the whole article."""

__version__ = "0.1.0"
