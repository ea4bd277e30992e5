"""La lengua de los informes: comparar textos como los lee una persona, ordinales y meses.

Sin dominio: sirve a todas las familias de informe.
"""

from __future__ import annotations

import difflib
import re
import unicodedata


def normalizar(texto: str) -> str:
    """Clave de comparación: sin acentos, sin mayúsculas, espacios simples."""
    if texto.isascii():  # el caso común, sin descomponer letra por letra (un archivo hostil trae 10⁵ claves)
        return " ".join(texto.lower().replace(".", " ").split())
    descompuesto = unicodedata.normalize("NFKD", texto)
    sin_marcas = "".join(c for c in descompuesto if not unicodedata.combining(c))
    return " ".join(sin_marcas.casefold().replace(".", " ").split())


def parecido(texto: str, opciones: list[str] | tuple[str, ...]) -> str | None:
    """La opción más parecida a `texto`, comparando sin acentos ni mayúsculas."""
    por_clave = {normalizar(o): o for o in opciones}
    hallado = difflib.get_close_matches(normalizar(texto), list(por_clave), n=1, cutoff=0.6)
    return por_clave[hallado[0]] if hallado else None


_ORDINALES = (
    "", "Primer", "Segundo", "Tercer", "Cuarto", "Quinto", "Sexto", "Séptimo", "Octavo", "Noveno",
    "Décimo", "Undécimo", "Duodécimo", "Decimotercer", "Decimocuarto", "Decimoquinto",
    "Decimosexto", "Decimoséptimo", "Decimoctavo", "Decimonoveno", "Vigésimo",
)
_UNIDADES_VIGESIMO = ("", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno")


def ordinal(n: int) -> str:
    """Ordinal masculino apocopado ante sustantivo: 1 → «Primer», 5 → «Quinto», 30 → «Trigésimo»."""
    if not 1 <= n <= 30:
        raise ValueError(f"ordinal fuera de rango: {n}")
    if n <= 20:
        return _ORDINALES[n]
    if n == 30:
        return "Trigésimo"
    return f"Vigésimo {_UNIDADES_VIGESIMO[n - 20]}"


def ordinal_pleno(n: int) -> str:
    """Sin apócope, para cuando no va pegado al sustantivo: «Tercero y último informe»."""
    o = ordinal(n)
    return o + "o" if o.endswith(("rimer", "ercer")) else o


MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)


_FECHA_MEXICANA = re.compile(r"\A([0-9]{1,2})[/.-]([0-9]{1,2})(?:[/.-]([0-9]{2}|[0-9]{4}))?\Z")
_FECHA_EN_PALABRAS = re.compile(r"\A(?:[a-z]+ )?([0-9]{1,2}) de ([a-z]+)(?: (?:de|del) ([0-9]{4}))?\Z")


def fecha_mexicana(texto: str, anios: tuple[int, ...] = ()):
    """La fecha que una persona en México escribe día y mes primero: «05/02/2024», «5/2/24», «5 de febrero
    (de 2024)», «lunes 5 de febrero». `anios`: los que se prueban, en orden, si no trae año (los del
    periodo). None si no es una fecha así o no existe. «05/02» es el 5 de febrero, nunca el 2 de mayo."""
    from datetime import date

    limpio = " ".join(normalizar(texto).replace(",", " ").split())
    m = _FECHA_MEXICANA.match(limpio)
    if m:
        dia, mes, anio = int(m[1]), int(m[2]), m[3]
    else:
        m = _FECHA_EN_PALABRAS.match(limpio)
        if not m or m[2] not in MESES:
            return None
        dia, mes, anio = int(m[1]), MESES.index(m[2]) + 1, m[3]
    candidatos = [int(anio) + (2000 if len(anio) == 2 else 0)] if anio else list(anios)
    for a in candidatos:
        try:
            return date(a, mes, dia)
        except ValueError:
            continue
    return None


def enumerar(elementos, conjuncion: str = "y") -> str:
    """«a, b y c» u «a, b o c»; la conjunción cambia ante el sonido que la repetiría: «y» → «e» ante i-/hi-
    (no ante hie-: «y hielo»), «o» → «u» ante o-/ho- («problemas sociales u otros»)."""
    elementos = list(elementos)
    if len(elementos) <= 1:
        return "".join(elementos)
    ultimo = normalizar(elementos[-1])
    if conjuncion == "y" and ultimo.startswith(("i", "hi")) and not ultimo.startswith(("hia", "hie", "hio", "hiu")):
        conjuncion = "e"
    elif conjuncion == "o" and ultimo.startswith(("o", "ho")):
        conjuncion = "u"
    return ", ".join(elementos[:-1]) + f" {conjuncion} " + elementos[-1]


def plural(n: int, singular: str, plural_: str | None = None) -> str:
    return singular if n == 1 else (plural_ or singular + "s")


# ----------------------------------------------------------------------------- palabras que no se separan

def juntas(espacio: str = " ", marca: str = "", en_celda: bool = False) -> re.Pattern:
    """Una fecha («7 de mayo», «de 2024») y una cifra con su palabra («87 reuniones»): lo que no se separa al
    final de una línea ni de una página. `espacio`: lo que separa las palabras (en Markdown, también el salto
    de línea de un párrafo); `marca`: lo que puede rodear a la cifra (el `**` del Markdown). En una celda
    angosta «16 de noviembre» entero no cabe y se partiría la palabra: ahí solo «de 2024» y las cifras. Una
    cifra no termina en punto ni coma: «1. se» es un elemento de lista, no una cifra con su palabra."""
    # «a) » después de la cifra es un inciso que empieza, no su palabra
    cifra_y_anio = (rf"\bde{espacio}(?={marca}\d{{4}}\b)|(?<![\d,.])(?!(?:19|20)\d\d\b)\d(?:[\d,.]*\d)?%?{marca}"
                    rf"{espacio}(?={marca}[a-záéíóúñ](?![.)]\s))")
    return re.compile(cifra_y_anio if en_celda else rf"\b\d{{1,2}}{espacio}de{espacio}(?i:{'|'.join(MESES)}|setiembre)\b|" + cifra_y_anio)


def juntar(texto: str, patron: re.Pattern) -> str:
    """Cada espacio (o salto de línea) de lo que `patron` junta pasa a ser un espacio duro (U+00A0)."""
    return patron.sub(lambda m: m[0].replace(" ", "\u00a0").replace("\n", "\u00a0"), texto)


_JUNTAS_MD = juntas(r"[ \n]", r"\**")
_JUNTAS_MD_CELDA = juntas(" ", r"\**", en_celda=True)


def juntar_markdown(markdown: str) -> str:
    """El informe en Markdown con sus fechas y cifras unidas a sus palabras, como en el DOCX y el PDF. La
    portada (los metadatos YAML), los títulos, las figuras y el código no se tocan; una fila de tabla se junta como una celda; un
    párrafo, entero (su salto de línea es un espacio: «7 de mayo⏎de 2024»)."""
    cabeza = ""
    if markdown.startswith("---\n") and "\n---\n" in markdown[4:]:
        fin = markdown.index("\n---\n", 4) + 5
        cabeza, markdown = markdown[:fin], markdown[fin:]
    partes: list[str] = []
    bloque: list[str] = []
    en_codigo: bool | str = False

    def cerrar() -> None:
        if bloque:
            partes.append(juntar("\n".join(bloque), _JUNTAS_MD))
            bloque.clear()

    for linea in markdown.split("\n"):
        # el índice repite los títulos tal cual: tampoco se toca
        if linea.lstrip().startswith(("```", "~~~")) or linea.strip() == "::: indice" or \
                (en_codigo == "indice" and linea.strip() == ":::"):
            en_codigo = False if en_codigo else ("indice" if "indice" in linea else True)
            cerrar()
            partes.append(linea)
        elif en_codigo or not linea.strip():
            cerrar()
            partes.append(linea)
        elif linea.startswith(("#", "![")):
            # un título y una figura quedan como en el DOCX y el PDF (su texto es el del índice y el del
            # texto alternativo, que se comparan), y no se unen a la línea siguiente
            cerrar()
            partes.append(linea)
        elif linea.lstrip().startswith("|"):
            cerrar()
            partes.append(juntar(linea, _JUNTAS_MD_CELDA))
        else:
            bloque.append(linea)
    cerrar()
    return cabeza + "\n".join(partes)
