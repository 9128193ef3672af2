"""How dates read in each language (settings.FORMAT_MODULE_PATH).

Templates and code name a format ("DATE_FORMAT", "SHORT_DATETIME_FORMAT"…), never a pattern,
so a Spanish reader gets "5 de diciembre de 2026" where an English one gets "5 December 2026".
What a language leaves out here comes from Django's own formats for it.
"""
