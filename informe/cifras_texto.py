"""Cifras escritas a mano en la redacción del analista, contra las cifras del periodo.

Un texto que escribe «87 reuniones» en lugar de `{{ r.reuniones.total }}` dice lo correcto hasta que los
datos se corrigen: entonces el informe lleva una cifra vieja junto a las tablas nuevas. Aquí se busca
cada número literal de un texto (fuera de las expresiones `{{ … }}`, de los bloques de código, de las
direcciones, de las fechas y de las referencias legales) y se compara con las cifras del periodo:

- el número es igual a una cifra: advertencia que nombra la expresión que podría citarla;
- el número va junto al nombre de una cifra («88 reuniones») y no es igual a ninguna de las cifras de
  ese nombre: error, con su línea y columna.

Cada familia da sus cifras (`camino → valor`) y los nombres que las dicen (`palabra → caminos`).
"""

from __future__ import annotations

import re
from typing import Iterable

from .lengua import MESES
from .problemas import Problema, problema

# «1,709», «87», «38.4»: un número como lo escribe el INE (comas de miles, punto decimal)
_NUMERO = re.compile(r"(?<![\w/.,\-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w/\-]|[.,]\d)")
_EXPRESION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_DIRECCION = re.compile(r"<[^>\s]+>|\]\([^)\s]*\)|\bhttps?://\S+|\bwww\.\S+")
# lo que precede a un número que no es una cifra: artículos y partes de una ley, acuerdos, reuniones
# («artículos 4, 216 y 300», «numeral 1»)
_REFERENCIA = re.compile(r"\b(?:art[ií]culos?|art\.|numeral(?:es)?|fracci[oó]n(?:es)?|incisos?|párrafos?|apartados?|"
                         r"base|capítulo|título|anexo|punto|núm\.|no\.)\s+(?:\w+\s*(?:,|\by\b|\be\b)\s*)*$", re.I)
_MES = "|".join(MESES)
# «14 de marzo», «del 1 al 30 de noviembre», «1 y 2 de junio»: días, no cifras
_DIA = re.compile(rf"^\s*(?:(?:al|y|a|o)\s+\d{{1,2}}\s+)?(?:de\s+)?(?:{_MES})\b", re.I)
_ANTES_DE_MES = re.compile(rf"(?:{_MES})(?:\s+de)?\s*$", re.I)
_ANIO = re.compile(r"^(19|20)\d\d$")
CERCA = 3  # palabras entre el número y el nombre de la cifra («87 de las reuniones» no; «87 reuniones» sí)
# Un entero menor que este, sin el nombre de una cifra al lado, no se advierte: coincide con demasiadas
# cosas («1 material», «3 días»), y el estilo del INE los escribe con letra.
MINIMO_SUELTO = 10


def _limpio(fuente: str) -> str:
    """La fuente con las expresiones, las direcciones y los bloques de código en blanco (mismas posiciones:
    la línea y la columna de cada número son las del archivo)."""
    blanco = _EXPRESION.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), fuente)
    blanco = _DIRECCION.sub(lambda m: " " * len(m[0]), blanco)
    lineas, dentro = [], False
    for linea in blanco.split("\n"):
        valla = re.match(r"^ {0,3}(`{3,}|~{3,})", linea)
        lineas.append(" " * len(linea) if dentro or valla else linea)
        if valla:
            dentro = not dentro
    return "\n".join(lineas)


def _valor(m: re.Match) -> float | int:
    entero = int(m[1].replace(",", ""))
    return float(f"{entero}.{m[2]}") if m[2] else entero


def _es_cifra(texto: str, m: re.Match) -> bool:
    """Un número que puede ser una cifra: no un año, un día, una referencia legal ni una hora."""
    if m[2] is None and "," not in m[1] and _ANIO.match(m[1]):
        return False
    antes, despues = texto[max(0, m.start() - 40):m.start()], texto[m.end():m.end() + 30]
    if _DIA.match(despues) or _ANTES_DE_MES.search(antes) or _REFERENCIA.search(antes):
        return False
    return not despues.startswith((":", "°", "º", "ª", ")"))


def _palabras_siguientes(texto: str, fin: int) -> list[str]:
    # el nombre está en la misma frase: nada después de un punto, un punto y coma o un salto de línea
    frase = re.split(r"[.;:!?\n()]", texto[fin:fin + 60], maxsplit=1)[0]
    return re.findall(r"[^\W\d_]+", frase.lower())[:CERCA]


def _numeros(fuente: str):
    """(texto del número, valor, línea, columna, palabras que lo siguen) de cada número que puede ser cifra."""
    texto = _limpio(fuente)
    for m in _NUMERO.finditer(texto):
        if _es_cifra(texto, m):
            linea = texto.count("\n", 0, m.start()) + 1
            yield m[0], _valor(m), linea, m.start() - texto.rfind("\n", 0, m.start()), _palabras_siguientes(texto, m.end())


def revisar(nombre: str, fuente: str, cifras: dict[str, float | int], nombres: dict[str, tuple[str, ...]]
            ) -> Iterable[Problema]:
    """Los problemas de las cifras literales de un texto (`nombre`, su `fuente`). `cifras`: camino de la
    expresión («r.reuniones.total») → valor; `nombres`: palabra en minúsculas («reuniones») → caminos de las
    cifras que esa palabra nombra."""
    por_valor = _por_valor(cifras)
    for escrito, valor, linea, columna, siguientes in _numeros(fuente):
        nombrada = next((p for p in siguientes if p in nombres), None)
        propias = [c for c in nombres.get(nombrada, ()) if cifras.get(c) is not None]
        if propias and valor not in [cifras[c] for c in propias]:
            yield _distinta(nombre, linea, columna, f"{escrito} {nombrada}", propias, cifras)
            continue
        # la cifra que su nombre dice va primero («87 acuerdos»: r.acuerdos.total, no r.reuniones.total)
        caminos = sorted(por_valor.get(valor, []), key=lambda c: c not in propias)
        if caminos and _advertible(valor, nombrada):
            # la sugerencia, una sola expresión (cabe en un renglón de la terminal); el mensaje nombra las demás
            yield problema(nombre, linea, columna, "texto-cifra-literal",
                           f"El texto escribe {escrito}, que es una cifra del periodo ({', '.join(caminos[:3])}): si "
                           f"los datos cambian, el texto no.", f"Cítela en lugar de escribirla: {{{{ {caminos[0]} }}}}.")


def _por_valor(cifras: dict[str, float | int]) -> dict[float | int, list[str]]:
    por_valor: dict[float | int, list[str]] = {}
    for camino, valor in cifras.items():
        if valor is not None and not isinstance(valor, bool):
            por_valor.setdefault(valor, []).append(camino)
    return por_valor


def _advertible(valor: float | int, nombrada: str | None) -> bool:
    return nombrada is not None or isinstance(valor, float) or valor >= MINIMO_SUELTO


def _distinta(nombre: str, linea: int, columna: int, dicho: str, propias: list[str], cifras: dict) -> Problema:
    from .renderizar import numero

    datos = ", ".join(f"{numero(cifras[c])} ({c})" for c in propias)
    return problema(nombre, linea, columna, "texto-cifra-distinta",
                    f"El texto dice «{dicho}» y los datos del periodo dan {datos}.",
                    f"Cite la cifra en lugar de escribirla: {{{{ {propias[0]} }}}}.")


def aplanar(valor: object, camino: str, salida: dict[str, float | int] | None = None) -> dict[str, float | int]:
    """Las cifras de un resumen (dicts anidados) por el camino con que un texto las cita: `r.acuerdos.total`,
    `r.acuerdos.por_estatus["En proceso"]`. Solo números; ni listas ni textos."""
    salida = {} if salida is None else salida
    if isinstance(valor, dict):
        for clave, v in valor.items():
            if isinstance(clave, str):
                sub = f"{camino}.{clave}" if clave.isidentifier() and clave.isascii() else f'{camino}["{clave}"]'
                aplanar(v, sub, salida)
    elif isinstance(valor, (int, float)) and not isinstance(valor, bool):
        salida[camino] = valor
    return salida
