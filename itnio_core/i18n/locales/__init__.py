"""Translations: ``zh_<area>.py`` modules, each with ``TEXTS = {english: chinese}``."""
