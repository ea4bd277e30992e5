"""Cómo se muestran los problemas: texto para la terminal o JSON para scripts.

Los mensajes llevan texto de los datos; nunca se interpretan como marcado de Rich.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from .problemas import CODIGOS, ERROR, Problema


def nombre_visible(texto: object) -> str:
    """Un nombre de archivo o una ubicación en una sola línea: un salto de línea en el nombre de un adjunto
    («x\nerror falso.yaml») se muestra como \x0a en vez de fabricar otra línea de la salida."""
    return visible(texto, una_linea=True)


# Los espacios que no se parten (`entero`): Python no los cuenta como imprimibles, pero son solo espacios
_DUROS = frozenset("\u00a0\u202f")


def visible(texto: object, una_linea: bool = False) -> str:
    """Texto de los datos listo para una terminal: controles, ESC y marcas de dirección se muestran
    como `\x1b`, `\u202e`…, nunca se envían (una secuencia de escape en un acuerdo podría borrar la
    pantalla, cambiar el título de la ventana o esconder texto)."""
    from .escritura import OCULTOS

    texto = str(texto)
    if texto.isascii() and texto.isprintable():
        return texto
    salida = []
    for c in texto:
        if (not una_linea and (c == "\n" or c == "\t")) or ((c.isprintable() or c in _DUROS) and c not in OCULTOS):
            salida.append(c)
        else:
            salida.append(f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}")
    return "".join(salida)


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def resumen_texto(archivos: int, errores: int, advertencias: int) -> str:
    return (f"{_plural(archivos, 'archivo revisado', 'archivos revisados')}: "
            f"{_plural(errores, 'error', 'errores')}, {_plural(advertencias, 'advertencia', 'advertencias')}.")


def envolver(texto, ancho: int, sangria: int = 4) -> list:
    """Un `rich.text.Text` partido en renglones de `ancho` columnas, solo entre palabras, con sangría
    francesa de `sangria` espacios en los que siguen al primero (que conserva la suya). Rich parte las
    palabras largas letra por letra y no sangra: un mensaje partido a media palabra («pos»/«terior») no
    se lee. Una palabra más larga que el renglón (una ruta) queda entera en el suyo."""
    import re

    from rich.text import Text

    if isinstance(texto, str):
        texto = Text(texto)
    plano = texto.plain
    renglones: list[Text] = []
    inicio, fin, prefijo = 0, None, 0
    for m in re.finditer(r"[^ \t\n]+", plano):  # el espacio duro (U+00A0) une: «Δ el.» no se parte
        if fin is None:
            fin = m.end()
        elif prefijo + m.end() - inicio <= ancho:
            fin = m.end()
        else:
            renglones.append(Text(" " * prefijo) + texto[inicio:fin])
            inicio, fin, prefijo = m.start(), m.end(), sangria
    if fin is not None:
        renglones.append(Text(" " * prefijo) + texto[inicio:fin])
    return renglones or [Text("")]


def entero(nombre: str) -> str:
    """Un nombre de varias palabras («Estado de México») que `envolver` no parte entre dos renglones."""
    return nombre.replace(" ", "\u00a0")


def imprimir(consola, texto, sangria: int = 4, estilo: str | None = None) -> None:
    """Imprime `texto` (str o Text) envuelto a lo ancho de la consola con sangría francesa."""
    from rich.text import Text

    if isinstance(texto, str):
        texto = Text(texto, style=estilo or "")
    for renglon in envolver(texto, consola.width, sangria):
        consola.print(renglon, soft_wrap=True, highlight=False)


def renglones_de_orden(intro: str, orden: str, ancho: int, estilo: str = "") -> list:
    """Una orden sugerida, lista para copiar: el texto que la presenta, envuelto, y la orden entera en su
    propio renglón, sangrada dos espacios (se parte antes de `informe`, nunca dentro de la orden)."""
    from rich.text import Text

    return envolver(Text(intro, style=estilo), ancho, 2) + [Text(renglon_de_orden(orden, 2, ancho), style=estilo)]


def renglon_de_orden(orden: str, sangria: int, ancho: int) -> str:
    """La orden con su sangría si cabe así en el ancho; si no, sin sangría: un renglón de más de 80
    columnas lo parte la terminal, y la orden ya no se copiaría entera."""
    return orden if sangria + len(orden) > ancho else " " * sangria + orden


def imprimir_orden(consola, intro: str, orden: str, estilo: str = "") -> None:
    for renglon in renglones_de_orden(intro, orden, consola.width, estilo):
        consola.print(renglon, soft_wrap=True, highlight=False)


def consola(error: bool = False):
    """La consola de las órdenes: todo texto suelto (no las tablas) se parte entre palabras con sangría
    francesa de dos espacios, y nunca a media palabra ni a media ruta."""
    from rich.console import Console
    from rich.text import Text

    class ConsolaEnvuelta(Console):
        def print(self, *objetos, **opciones):  # noqa: A003  (la firma de Console.print)
            if len(objetos) != 1 or not isinstance(objetos[0], (str, Text)) or opciones.get("soft_wrap"):
                return super().print(*objetos, **opciones)
            texto = objetos[0]
            if isinstance(texto, str):  # una ruta o un dato con ESC se muestra (\x1b), no se envía
                texto = self.render_str(visible(texto), markup=opciones.pop("markup", None), highlight=False)
            estilo = opciones.pop("style", None)
            for parte in texto.split("\n"):
                for renglon in envolver(parte, self.width, 2):
                    super().print(renglon, soft_wrap=True, style=estilo, **opciones)
            return None

    # sin marcado de Rich: un estatus o un acuerdo que diga «[bold red]» o «[link=…]» se imprime tal cual
    pantalla = ConsolaEnvuelta(stderr=error, highlight=False, markup=False)
    from .terminal import ANCHO_MAXIMO, ANCHO_MINIMO

    if not ANCHO_MINIMO <= pantalla.width <= ANCHO_MAXIMO:  # COLUMNS=0 no dibujaba nada
        pantalla.width = 80
    return pantalla


def problemas_texto(problemas: list[Problema], consola) -> None:
    """`archivo:linea:columna: nivel código mensaje`, agrupado por archivo, con la sugerencia debajo;
    cada renglón partido entre palabras a lo ancho de la terminal, con sangría francesa."""
    from rich.text import Text

    # por archivo en el orden en que llegaron, y dentro de cada uno por línea: así se corrige de arriba abajo
    orden = {a: i for i, a in reversed(list(enumerate(p.archivo for p in problemas)))}
    problemas = sorted(problemas, key=lambda p: (orden[p.archivo], p.linea is None, p.linea or 0, p.columna or 0))
    for archivo, grupo in groupby(problemas, key=lambda p: p.archivo):
        grupo = list(grupo)
        errores = sum(p.severidad == ERROR for p in grupo)
        cuenta_ = ", ".join(c for c in (_plural(errores, "error", "errores") if errores else "",
                                        _plural(len(grupo) - errores, "advertencia", "advertencias")
                                        if len(grupo) > errores else "") if c)
        cabeza = Text(nombre_visible(archivo), style="bold underline")
        cabeza.append(f" ({cuenta_})", style="bold")
        imprimir(consola, cabeza, 4)
        for p in grupo:
            linea = Text()
            linea.append(nombre_visible(p.ubicacion()) + ": ")
            linea.append(p.severidad, style="bold red" if p.severidad == ERROR else "bold yellow")
            linea.append(f" {p.codigo} ", style="cyan")
            linea.append(nombre_visible(p.mensaje))
            imprimir(consola, linea, 4)
            if p.sugerencia:
                _sugerencia(consola, nombre_visible(p.sugerencia))
            if p.ajuste:  # el proceso cambió la severidad del código: se dice dónde, y cuál es la de siempre
                imprimir(consola, Text(f"    severidad fijada en {nombre_visible(p.ajuste)} (la del código: "
                                       f"{CODIGOS[p.codigo][0]})", style="dim"), 6)


def _sugerencia(consola, texto: str) -> None:
    """«→ sugerencia»; si termina en una orden («…: informe validar x --datos CARPETA»), la orden va entera
    en su propio renglón, para copiarla."""
    import re

    from rich.text import Text

    m = re.search(r":\s+(informe [^`«»]+?)\.?$", texto)
    if m is None:
        imprimir(consola, Text("    → " + texto, style="dim"), 6)
        return
    imprimir(consola, Text("    → " + texto[:m.start() + 1], style="dim"), 6)
    consola.print(Text(renglon_de_orden(m[1], 6, consola.width), style="dim"), soft_wrap=True, highlight=False)


def celda_segura(valor) -> object:
    """Una celda que una hoja de cálculo no ejecuta: `=HYPERLINK(…)`, `+`, `-`, `@` van precedidos de «'».
    Los controles (ESC, BEL, NUL) se escriben visibles (`\x1b`), como en la terminal: un CSV en la salida
    estándar no debe mandarle secuencias a la terminal, ni un archivo llevar bytes que Excel no muestra."""
    if isinstance(valor, str) and not valor.isprintable():
        valor = visible(valor)
    if isinstance(valor, str) and valor[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + valor
    return valor


def _fecha_iso(valor):
    """Las fechas de un resumen o un diff, en su forma ISO, en cualquier nivel del JSON de cualquier
    familia (el VMRE las guarda también en el crecimiento respecto del corte previo)."""
    from datetime import date

    if isinstance(valor, date):
        return valor.isoformat()
    raise TypeError(f"{type(valor).__name__} no se escribe como JSON")


def escribir_json(datos: dict, destino: TextIO, compacto: bool = False) -> None:
    """JSON en UTF-8 legible; `compacto` (una línea, codificador en C) para salidas de cientos de miles de filas."""
    from .terminal import es_utf8

    # en una salida que no es UTF-8 (PYTHONIOENCODING=ascii), «\u00f3»: el mismo JSON, sin perder letras
    ascii_ = not es_utf8(destino)
    if compacto:  # dumps (no dump) usa el codificador en C
        destino.write(json.dumps(datos, ensure_ascii=ascii_, separators=(",", ":"), default=_fecha_iso))
    else:
        json.dump(datos, destino, ensure_ascii=ascii_, indent=2, default=_fecha_iso)
    destino.write("\n")


def importacion_texto(resultados, avisos: list[str], titulo: str, consola) -> bool:
    """`informe importar` de una familia que guarda tablas (VMRE): un renglón por archivo
    ([(archivo, archivos.Guardado, filas)]) y los avisos con su línea. True si algo no se importó."""
    from rich.table import Table

    from .lengua import plural

    t = Table(title=titulo, header_style="bold")
    for columna, alineacion in (("Archivo", "left"), ("Resultado", "left"), ("Filas", "right")):
        t.add_column(columna, justify=alineacion)
    for ruta, hecho, filas in resultados:
        t.add_row(ruta.name, "sustituido" if hecho.respaldo else hecho.estado, str(filas))
    consola.print(t)
    for aviso in avisos:
        consola.print(f"aviso: {visible(aviso)}", markup=False, highlight=False)
    if avisos:
        consola.print(f"{len(avisos)} {plural(len(avisos), 'fila')} con aviso: se conservó lo confiable de cada "
                      "una (vea los avisos).", markup=False)
    invalidos = [p for _, hecho, _ in resultados for p in hecho.problemas]
    if invalidos:
        problemas_texto(invalidos, consola)
    rechazados = sum(1 for _, hecho, _ in resultados if hecho.estado == "rechazado")
    if rechazados:
        consola.print(ya_existen(rechazados), markup=False)
    return bool(invalidos or rechazados)


def ya_existen(n: int) -> str:
    """Lo que `importar` no tocó porque ya había otro contenido, y cómo sustituirlo."""
    from .lengua import plural

    return (f"{n} {plural(n, 'archivo')} ya {plural(n, 'existe', 'existen')} con otro contenido y no se "
            f"{plural(n, 'tocó', 'tocaron')}: use --reemplazar para {plural(n, 'sustituirlo', 'sustituirlos')}.")
