"""La terminal tal como llega: una codificación que no es UTF-8 y anchos sin sentido no detienen ninguna orden.

Con `PYTHONIOENCODING=ascii` o `latin-1`, o `LC_ALL=POSIX` con `PYTHONUTF8=0`, escribir «→» o «ó» en la
salida era un `UnicodeEncodeError` con traceback en inglés: `validar`, `estado` y `acuerdos` no mostraban
nada. Ahora cada carácter que la terminal no puede mostrar se escribe con su equivalente más cercano
(«ó» → «o», «→» → «->», «—» → «-») o, si no lo tiene, con «?»; lo demás sale tal cual. Y `COLUMNS=0`
(Rich dibujaba todo en cero columnas: ninguna orden mostraba nada) o `TERMINAL_WIDTH=abc` (typer fallaba
al importarse) se ignoran: cuenta el ancho real de la terminal, o 80 columnas.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata

MANEJADOR = "informe-terminal"
# Un ancho fuera de este intervalo no es el de una terminal: 0, negativo o un número de ocho cifras.
ANCHO_MINIMO, ANCHO_MAXIMO = 20, 1000

_EQUIVALENTES = {
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "—": "-", "–": "-",
    "‐": "-", "‑": "-", "−": "-", "→": "->", "←": "<-", "↔": "<->", "…": "...", "·": "-", "•": "*",
    "≈": "~", "×": "x", "÷": "/", "≤": "<=", "≥": ">=", "≠": "!=", "±": "+/-", "°": "o", "º": "o", "ª": "a",
    "¿": "?", "¡": "!", "€": "EUR", "Δ": "D", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "✓": "v", "✗": "x",
}


def equivalente(caracter: str, codificacion: str) -> str:
    """Lo más parecido a `caracter` que `codificacion` puede escribir: su letra sin acento (NFKD sin las
    marcas), un equivalente de la tabla o «?»."""
    base = "".join(c for c in unicodedata.normalize("NFKD", caracter) if not unicodedata.combining(c))
    for candidato in (base, _EQUIVALENTES.get(caracter, "")):
        if candidato and candidato != caracter:
            try:
                candidato.encode(codificacion)
                return candidato
            except (UnicodeEncodeError, LookupError):
                continue
    return "?"


def _sustituir(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    trozo = error.object[error.start:error.end]
    return "".join(equivalente(c, error.encoding) for c in trozo), error.end


codecs.register_error(MANEJADOR, _sustituir)


def ancho_valido(valor: str | None) -> bool:
    return valor is not None and valor.isascii() and valor.isdigit() and ANCHO_MINIMO <= int(valor) <= ANCHO_MAXIMO


def preparar() -> None:
    """Antes de la primera salida de la orden: los anchos sin sentido se quitan del entorno (Rich y typer
    los leen al crear su consola) y la salida estándar y la de errores, si no son UTF-8, escriben el
    equivalente de lo que no pueden mostrar en vez de fallar."""
    for variable in ("COLUMNS", "TERMINAL_WIDTH"):
        if variable in os.environ and not ancho_valido(os.environ[variable]):
            del os.environ[variable]
    for flujo in (sys.stdout, sys.stderr):
        if flujo is not None and not es_utf8(flujo) and hasattr(flujo, "reconfigure"):
            try:
                flujo.reconfigure(errors=MANEJADOR)
            except (ValueError, OSError):
                pass  # un flujo ya cerrado o que no se deja cambiar: se queda como está


def es_utf8(flujo) -> bool:
    codificacion = (getattr(flujo, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return codificacion.startswith("utf")
