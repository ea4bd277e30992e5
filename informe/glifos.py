"""Los caracteres que la letra del informe puede dibujar.

El PDF es PDF/A-2a: cada carácter debe salir de una letra incrustada, y el proyecto incrusta solo
Liberation Sans (plantillas/fuentes/). Un emoji, un ideograma o una letra árabe en un dato no tiene
glifo: Typst se niega a escribir el PDF y el analista se entera al final, sin saber qué archivo lo trae.
`validar` lo dice antes, con archivo, línea y columna (`texto-sin-glifo`).

RANGOS es la intersección de los mapas de caracteres de los cuatro estilos (normal, negrita, cursiva y
negrita cursiva): un carácter que falte en uno no se puede imprimir en todo lugar del informe.
tests/test_glifos.py la recalcula de las letras con fontTools y exige que coincida.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .escritura import describir, primer_ajeno

RANGOS: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x036F), (0x0374, 0x0375), (0x037A, 0x037E), (0x0384, 0x038A), (0x038C, 0x038C),
    (0x038E, 0x03A1), (0x03A3, 0x03CE), (0x03D0, 0x0513), (0x051A, 0x051D), (0x0591, 0x05C7), (0x05D0, 0x05EA),
    (0x05F0, 0x05F4), (0x1D00, 0x1DCA), (0x1DFE, 0x1E9B), (0x1E9E, 0x1E9E), (0x1EA0, 0x1EF9), (0x1F00, 0x1F15),
    (0x1F18, 0x1F1D), (0x1F20, 0x1F45), (0x1F48, 0x1F4D), (0x1F50, 0x1F57), (0x1F59, 0x1F59), (0x1F5B, 0x1F5B),
    (0x1F5D, 0x1F5D), (0x1F5F, 0x1F7D), (0x1F80, 0x1FB4), (0x1FB6, 0x1FC4), (0x1FC6, 0x1FD3), (0x1FD6, 0x1FDB),
    (0x1FDD, 0x1FEF), (0x1FF2, 0x1FF4), (0x1FF6, 0x1FFE), (0x2000, 0x2010), (0x2012, 0x2022), (0x2026, 0x2026),
    (0x202A, 0x2030), (0x2032, 0x2034), (0x2039, 0x203A), (0x203C, 0x203C), (0x203E, 0x203E), (0x2044, 0x2044),
    (0x205E, 0x205E), (0x206A, 0x206F), (0x2074, 0x2079), (0x207F, 0x2089), (0x2090, 0x2094), (0x20A0, 0x20B5),
    (0x20BF, 0x20BF), (0x20F0, 0x20F0), (0x2105, 0x2105), (0x2113, 0x2113), (0x2116, 0x2117), (0x2122, 0x2122),
    (0x2126, 0x2126), (0x212E, 0x212E), (0x214D, 0x214E), (0x2153, 0x2154), (0x215B, 0x215E), (0x2184, 0x2184),
    (0x2190, 0x2195), (0x21A8, 0x21A8), (0x21D4, 0x21D4), (0x2202, 0x2202), (0x2206, 0x2206), (0x220F, 0x220F),
    (0x2211, 0x2212), (0x2215, 0x2215), (0x2219, 0x221A), (0x221E, 0x221F), (0x2229, 0x2229), (0x222B, 0x222B),
    (0x2248, 0x2248), (0x2260, 0x2262), (0x2264, 0x2265), (0x2302, 0x2302), (0x2310, 0x2310), (0x2320, 0x2321),
    (0x2500, 0x2500), (0x2502, 0x2502), (0x250C, 0x250C), (0x2510, 0x2510), (0x2514, 0x2514), (0x2518, 0x2518),
    (0x251C, 0x251C), (0x2524, 0x2524), (0x252C, 0x252C), (0x2534, 0x2534), (0x253C, 0x253C), (0x2550, 0x256C),
    (0x2580, 0x2580), (0x2584, 0x2584), (0x2588, 0x2588), (0x258C, 0x258C), (0x2590, 0x2593), (0x25A0, 0x25A1),
    (0x25AA, 0x25AC), (0x25B2, 0x25B2), (0x25BA, 0x25BA), (0x25BC, 0x25BC), (0x25C4, 0x25C4), (0x25CA, 0x25CC),
    (0x25CF, 0x25D9), (0x25E6, 0x25E6), (0x263A, 0x263C), (0x263F, 0x2647), (0x2660, 0x2660), (0x2663, 0x2663),
    (0x2665, 0x2666), (0x2669, 0x266C), (0x266F, 0x266F), (0x2C60, 0x2C6D), (0x2C71, 0x2C77), (0x2E17, 0x2E17),
    (0xA717, 0xA721), (0xA788, 0xA78C), (0xFB01, 0xFB02), (0xFB1D, 0xFB36), (0xFB38, 0xFB3C), (0xFB3E, 0xFB3E),
    (0xFB40, 0xFB41), (0xFB43, 0xFB44), (0xFB46, 0xFB4F), (0xFE20, 0xFE23), (0xFFFC, 0xFFFC),
)


@lru_cache(maxsize=1)
def _sin_glifo() -> re.Pattern:
    """Una expresión (en C) que encuentra el primer carácter sin glifo; los saltos y el tabulador no se dibujan."""
    clase = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in RANGOS)
    return re.compile(f"[^\t\n\r{clase}]")


def primer_sin_glifo(texto: str) -> tuple[int, str] | None:
    """(posición, carácter) del primer carácter que la letra del informe no tiene, o None."""
    m = _sin_glifo().search(texto)
    return (m.start(), m.group()) if m else None


SUGERENCIA_SIN_GLIFO = "Quite ese carácter o escríbalo con palabras: el PDF del informe no puede mostrarlo."


def mensaje_sin_glifo(donde: str, caracter: str) -> str:
    visible = caracter if caracter.isprintable() else "·"
    return f"{donde}: el carácter «{visible}» ({describir(caracter)}) no se puede imprimir en el informe."


SUGERENCIA_AJENO = "Si viene de copiar un PDF, reescriba la palabra; si no se ve, bórrelo."


def mensaje_ajeno(donde: str, texto: str, posicion: int, caracter: str, motivo: str) -> str:
    """El de `texto-escritura`, igual en un YAML y en una celda de tabla: qué carácter, qué es y dónde."""
    contexto = texto[max(0, posicion - 15):posicion + 15].replace("\n", " ")
    return (f"{donde}: {motivo} ({describir(caracter)}) en "
            f"«…{''.join(c if c.isprintable() else '·' for c in contexto)}…».")


def sin_glifo_y_ajeno(texto: str) -> tuple[tuple[int, str] | None, tuple[int, str, str] | None]:
    """Lo que se revisa de todo texto que llega al informe: el primer carácter sin glifo (posición, carácter)
    y el primer carácter ajeno a un informe en español (posición, carácter, qué es; `escritura.primer_ajeno`),
    o None. Si son el mismo carácter se dice una vez, como sin glifo: es lo que impide escribir el PDF."""
    sin_glifo = primer_sin_glifo(texto)
    ajeno = primer_ajeno(texto)
    if ajeno is not None and sin_glifo is not None and ajeno[0] == sin_glifo[0]:
        ajeno = None
    return sin_glifo, ajeno
