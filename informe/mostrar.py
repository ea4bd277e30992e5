"""Cómo se muestran los problemas: texto para la terminal o JSON para scripts.

Los mensajes llevan texto de los datos; nunca se interpretan como marcado de Rich.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from .problemas import ERROR, Problema


def _plural(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def resumen_texto(archivos: int, errores: int, advertencias: int) -> str:
    return (f"{_plural(archivos, 'archivo revisado', 'archivos revisados')}: "
            f"{_plural(errores, 'error', 'errores')}, {_plural(advertencias, 'advertencia', 'advertencias')}.")


def problemas_texto(problemas: list[Problema], consola) -> None:
    """`archivo:linea:columna: nivel código mensaje`, agrupado por archivo, con la sugerencia debajo."""
    from rich.text import Text

    for archivo, grupo in groupby(problemas, key=lambda p: p.archivo):
        consola.print(Text(archivo, style="bold underline"))
        for p in grupo:
            linea = Text()
            linea.append(p.ubicacion() + ": ")
            linea.append(p.severidad, style="bold red" if p.severidad == ERROR else "bold yellow")
            linea.append(f" {p.codigo} ", style="cyan")
            linea.append(p.mensaje)
            consola.print(linea, soft_wrap=True)
            if p.sugerencia:
                consola.print(Text("    → " + p.sugerencia, style="dim"), soft_wrap=True)


def escribir_json(datos: dict, destino: TextIO) -> None:
    json.dump(datos, destino, ensure_ascii=False, indent=2, sort_keys=False)
    destino.write("\n")
