"""Higiene del texto: caracteres que no caben en un informe en español.

Una extracción de PDF mete letras árabes en un nombre («Liliانا»), un pegado desde
otra aplicación trae marcas de dirección o controles invisibles. Nada de eso es un
error de formato, pero sí algo que el analista debe ver antes de firmar el informe:
se reporta como advertencia con línea y columna, y el texto no se toca.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Marcas de dirección (un texto puede mostrarse al revés) y caracteres invisibles.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_INVISIBLES = frozenset("\u200b\u200c\u200d\u2060\ufeff")
OCULTOS = _BIDI | _INVISIBLES  # imprimibles para Python, pero cambian o esconden lo que se ve
_ESCRITURAS = {"ARABIC": "árabe", "CYRILLIC": "cirílica", "CJK": "china", "HIRAGANA": "japonesa",
               "KATAKANA": "japonesa", "HANGUL": "coreana", "HEBREW": "hebrea", "GREEK": "griega",
               "THAI": "tailandesa", "DEVANAGARI": "devanagari", "ARMENIAN": "armenia", "GEORGIAN": "georgiana"}
_LETRAS_ADMITIDAS = frozenset("ªºµ")


def _no_caracter(c: str) -> bool:
    o = ord(c)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def problema_de(c: str) -> str | None:
    """Qué tiene de raro el carácter `c`, o None si cabe en un informe en español."""
    if c in "\t\n\r":
        return None
    if c in _BIDI:
        return "marca de dirección de escritura"
    if c in _INVISIBLES:
        return "carácter invisible"
    if _no_caracter(c):
        return "no carácter de Unicode"
    categoria = unicodedata.category(c)
    if categoria == "Cc":
        return "carácter de control"
    if categoria in ("Cs", "Co", "Cn"):
        return "carácter sin asignar o de uso privado"
    if categoria[0] == "L" and c not in _LETRAS_ADMITIDAS:
        nombre = unicodedata.name(c, "")
        if not nombre.startswith("LATIN"):
            escritura = _ESCRITURAS.get(nombre.split(" ", 1)[0])
            return f"letra de la escritura {escritura}" if escritura else "letra de otra escritura"
    return None


@lru_cache(maxsize=1)
def _comunes():
    """Una expresión que reconoce, de una vez y en C, un texto hecho solo de caracteres que no tienen
    problema: ASCII imprimible, tabulador y saltos de línea, y los de Latin-1, Latin extendido A y la
    puntuación general que `problema_de` admite (se filtran con ella: las dos respuestas no pueden
    diferir). Un texto en español con acentos, comillas y rayas no se recorre carácter por carácter.
    Se compila al usarse por primera vez: importar el módulo (lo hace toda familia) no la paga."""
    import re

    admitidos = [chr(o) for o in (*range(0xA0, 0x180), *range(0x2010, 0x2070)) if problema_de(chr(o)) is None]
    return re.compile("[\t\n\r -~" + re.escape("".join(admitidos)) + "]*")


def primer_ajeno(texto: str) -> tuple[int, str, str] | None:
    """(posición, carácter, qué es) del primer carácter ajeno, o None. Texto ASCII imprimible o con los
    caracteres comunes del español: sin recorrerlo en Python."""
    if (texto.isascii() and texto.isprintable()) or _comunes().fullmatch(texto):
        return None
    for i, c in enumerate(texto):
        if c.isascii() and (c.isprintable() or c in "\t\n\r"):
            continue
        motivo = problema_de(c)
        if motivo is not None:
            return i, c, motivo
    return None


def describir(c: str) -> str:
    """El punto de código, sin el nombre de Unicode: ese nombre está en inglés («CYRILLIC SMALL LETTER A») y
    quien lee el mensaje lee español; qué tiene de raro el carácter lo dice el mensaje mismo."""
    return f"U+{ord(c):04X}"
